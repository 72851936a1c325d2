"""Headless Chromium against the built site, served on 127.0.0.1.

The site is the session's strict build (`built_site`); set `NOTES_SITE_DIR`
to an already built site to iterate on the browser tests without rebuilding.
Chromium comes from the system (`apt-get install chromium`); when it is
missing the browser tests FAIL (they are part of `make test`), they never skip.
Every request is recorded; anything not addressed to 127.0.0.1 is aborted and
counted, so each test can assert the site is self-contained.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LOCAL_HOSTS = frozenset({"127.0.0.1"})


def chromium_path() -> str | None:
    """The system Chromium: `$CHROMIUM` if set (and only it), /usr/bin/chromium, or PATH."""
    override = os.environ.get("CHROMIUM")
    candidates = (override,) if override else CHROMIUM_CANDIDATES
    for candidate in candidates:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None if override else shutil.which("chromium")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: `$NOTES_SITE_DIR` if set, else the session's strict build."""
    prebuilt = os.environ.get("NOTES_SITE_DIR")
    if prebuilt:
        path = Path(prebuilt)
        assert (path / "index.html").is_file(), f"NOTES_SITE_DIR={prebuilt} has no index.html"
        return path
    built: Path = request.getfixturevalue("built_site")
    return built


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """`http://127.0.0.1:<free port>/` serving the built site from a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless system Chromium (fresh profile), shared by the session."""
    exe = chromium_path()
    if exe is None:
        pytest.fail(
            "Chromium not found (looked for $CHROMIUM, /usr/bin/chromium, `chromium` on PATH): "
            "the browser tests need it. Install it with `apt-get install chromium` "
            "(`.ci/run` does this in CI).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # launch() gives every run a fresh temporary user-data dir
        chromium = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Recorder:
    """What a browser context did: every request, and what went wrong."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        """Requests addressed to any host but 127.0.0.1 (data: and blob: URLs are local)."""
        return [u for u in self.requests if _is_external(u)]


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname not in LOCAL_HOSTS


@pytest.fixture
def recorder() -> Recorder:
    """The record of the current test's browser context."""
    return Recorder()


@pytest.fixture
def context(browser: Any, recorder: Recorder) -> Iterator[Any]:
    """A fresh browser context (own storage) that records requests and errors.

    Requests to any host but 127.0.0.1 are aborted and counted in
    `recorder.blocked`; every request URL is in `recorder.requests`.
    """
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def route(r: Any) -> None:
        if _is_external(r.request.url):
            recorder.blocked.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    ctx.route("**/*", route)
    ctx.on("request", lambda req: recorder.requests.append(req.url))
    ctx.on("weberror", lambda err: recorder.page_errors.append(str(err.error)))
    ctx.on(
        "console",
        lambda msg: (
            recorder.console_errors.append(f"{msg.text} ({msg.location})")
            if msg.type == "error"
            else None
        ),
    )
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    """A page in the recording context."""
    return context.new_page()
