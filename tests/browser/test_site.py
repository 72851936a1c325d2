"""The built site in headless Chromium: loads clean, searches code tokens, renders
math, diagrams and notebooks, toggles the palette, fits a phone, stays offline.

Pages are found in the built site by what they contain (the first page, in
path order, with Markdown math, a Mermaid diagram, a notebook with images), so
the tests follow the notes as they come and go.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "search" / "golden-queries.yml"
PHONE = {"width": 375, "height": 812}


# --- finding pages in the built site ----------------------------------------


def _pages(site_dir: Path) -> list[tuple[str, str]]:
    found = []
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        url = "" if rel == "." else rel + "/"
        found.append((url, html.read_text(encoding="utf-8", errors="replace")))
    return found


def _first(site_dir: Path, *markers: str, without: str | None = None) -> str:
    for url, text in _pages(site_dir):
        if all(m in text for m in markers) and (without is None or without not in text):
            return url
    pytest.fail(f"no page in the built site contains all of {markers!r}")


@pytest.fixture(scope="module")
def markdown_math_page(site_dir: Path) -> str:
    return _first(site_dir, 'class="arithmatex"', without="jp-Notebook")


@pytest.fixture(scope="module")
def mermaid_page(site_dir: Path) -> str:
    return _first(site_dir, 'class="mermaid"')


@pytest.fixture(scope="module")
def notebook_page(site_dir: Path) -> str:
    """A notebook page with an image output, printed text output and Markdown math."""
    for url, text in _pages(site_dir):
        if "jp-Notebook" not in text or "jp-OutputArea-output" not in text:
            continue
        cells = re.findall(
            r'jp-MarkdownOutput" data-mime-type="text/markdown">(.*?)</div>', text, re.S
        )
        if "<img" in text and "<pre>" in text and any("$" in c for c in cells):
            return url
    pytest.fail("no notebook page with an image output, a text output and Markdown math")


@pytest.fixture(scope="module")
def note_page(site_dir: Path) -> str:
    """A long note with tables and code: the hardest page to fit on a phone."""
    pages = [(u, t) for u, t in _pages(site_dir) if "<table>" in t and "highlight" in t]
    if not pages:
        pytest.fail("no note with a table and a code block")
    return max(pages, key=lambda p: len(p[1]))[0]


# --- helpers -------------------------------------------------------------------


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def _assert_offline(recorder: Any) -> None:
    assert recorder.blocked == [], f"requests to other hosts (aborted): {recorder.blocked}"
    assert recorder.external() == [], f"requests left 127.0.0.1: {recorder.external()}"


def _search(page: Any, query: str) -> list[str]:
    """Type `query` into Material's search box; the result pages' URL paths, best first."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box.click()
    meta = "document.querySelector('.md-search-result__meta').textContent"
    page.wait_for_function(f"() => !/Initializing/i.test({meta})")
    # Material reads the query on keyup: fill, then press a key that types nothing
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => !/matching/i.test({meta})")
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"() => /matching/i.test({meta})")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        "items => items.map(li => li.querySelector('a').href)",
    )
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: tuple[float, float, float], bg: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_ratio_law() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((120, 120, 120), (120, 120, 120)) == pytest.approx(1.0)


_COLORS = """(el) => {
  const parse = s => (s.match(/[\\d.]+/g) || []).map(Number);
  let bg = null;
  for (let n = el; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c.slice(0, 3); break; }
  }
  if (!bg) bg = parse(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  return { fg: parse(getComputedStyle(el).color).slice(0, 3), bg: bg };
}"""


# --- the tests -----------------------------------------------------------------


def test_home_page_loads_without_errors(page: Any, base_url: str, recorder: Any) -> None:
    _open(page, base_url)
    assert page.locator("h1").count() >= 1
    assert recorder.page_errors == [], recorder.page_errors
    assert recorder.console_errors == [], recorder.console_errors
    _assert_offline(recorder)


def _golden() -> list[dict[str, str]]:
    return list(yaml.safe_load(GOLDEN.read_text(encoding="utf-8")))


def test_golden_query_file_points_at_built_pages(site_dir: Path) -> None:
    for item in _golden():
        assert set(item) == {"query", "expect"}, item
        assert (site_dir / item["expect"] / "index.html").is_file(), (
            f"golden query {item['query']!r}: {item['expect']} is not a page of the site"
        )


def test_golden_queries_find_their_note_in_top_3(page: Any, base_url: str, recorder: Any) -> None:
    _open(page, base_url)
    misses = []
    for item in _golden():
        results = _search(page, item["query"])
        if item["expect"] not in results[:3]:
            misses.append(f"{item['query']!r}: want {item['expect']} in top 3, got {results[:5]}")
    assert misses == [], "\n".join(misses)
    assert recorder.page_errors == []
    _assert_offline(recorder)


def test_markdown_math_renders_with_katex(
    page: Any, base_url: str, markdown_math_page: str, recorder: Any
) -> None:
    _open(page, base_url + markdown_math_page)
    page.wait_for_selector(".arithmatex .katex")
    spans = page.locator(".arithmatex").count()
    rendered = page.locator(".arithmatex:has(.katex)").count()
    assert rendered == spans, f"{spans - rendered} of {spans} math spans not rendered"
    assert page.locator(".katex-error").count() == 0
    text = page.inner_text("article")
    assert "\\(" not in text and "\\[" not in text, "raw TeX delimiters left on the page"
    _assert_offline(recorder)


def test_notebook_math_renders_like_markdown_math(
    page: Any, base_url: str, notebook_page: str, recorder: Any
) -> None:
    _open(page, base_url + notebook_page)
    page.wait_for_selector(".jp-RenderedMarkdown .katex")
    assert page.locator(".katex-error").count() == 0
    assert page.locator("script[src*='mathjax' i]").count() == 0, "nbconvert's MathJax is back"
    text = page.inner_text(".md-content")
    assert "\\(" not in text and "\\frac" not in text, "raw TeX left in notebook Markdown"
    _assert_offline(recorder)


def _shadow_svg_count(page: Any) -> int:
    """SVG elements inside `.mermaid` hosts, closed shadow roots included (via CDP)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]

    def walk(node: dict[str, Any], in_mermaid: bool) -> int:
        attrs = node.get("attributes", [])
        classes = dict(zip(attrs[::2], attrs[1::2], strict=True)).get("class", "").split()
        inside = in_mermaid or (node.get("nodeName") == "DIV" and "mermaid" in classes)
        count = int(inside and node.get("nodeName", "").lower() == "svg")
        for child in node.get("children", []) + node.get("shadowRoots", []):
            count += walk(child, inside)
        return count

    return walk(root, False)


def test_mermaid_diagram_renders_to_svg(
    page: Any, base_url: str, mermaid_page: str, recorder: Any
) -> None:
    _open(page, base_url + mermaid_page)
    page.wait_for_selector("div.mermaid")
    page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0")
    assert _shadow_svg_count(page) >= 1
    box = page.locator("div.mermaid").first.bounding_box()
    assert box is not None and box["height"] > 20
    assert recorder.page_errors == []
    _assert_offline(recorder)


def test_notebook_page_shows_its_outputs(
    page: Any, base_url: str, notebook_page: str, recorder: Any
) -> None:
    _open(page, base_url + notebook_page)
    img = page.locator(".jp-OutputArea-output img").first
    img.wait_for()
    assert img.evaluate("el => el.complete && el.naturalWidth > 0"), "image output did not load"
    assert page.locator(".jp-OutputArea-output pre").count() >= 1
    assert page.locator(".jp-InputArea").count() >= 1
    _assert_offline(recorder)


def test_palette_toggle_and_dark_notebook_output_contrast(
    page: Any, base_url: str, notebook_page: str, recorder: Any
) -> None:
    _open(page, base_url + notebook_page)
    scheme = page.get_attribute("body", "data-md-color-scheme")
    seen = [scheme]
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function(
            "(s) => document.body.getAttribute('data-md-color-scheme') !== s ||"
            " document.body.getAttribute('data-md-color-media') !== null",
            arg=scheme,
        )
        scheme = page.get_attribute("body", "data-md-color-scheme")
        seen.append(scheme)
        if scheme == "slate":
            break
    assert len(set(seen)) >= 2, f"the palette toggle did not change the scheme: {seen}"
    assert scheme == "slate", f"never reached the dark scheme: {seen}"
    pre = page.locator(".jp-OutputArea-output pre").first
    colors = pre.evaluate(_COLORS)
    ratio = contrast_ratio(tuple(colors["fg"]), tuple(colors["bg"]))
    assert ratio >= 4.5, f"notebook output text contrast {ratio:.2f} in dark mode ({colors})"
    _assert_offline(recorder)


def test_no_request_leaves_localhost(
    page: Any,
    base_url: str,
    recorder: Any,
    markdown_math_page: str,
    mermaid_page: str,
    notebook_page: str,
) -> None:
    for url in ("", markdown_math_page, mermaid_page, notebook_page, "tags/"):
        _open(page, base_url + url)
        if url == mermaid_page:
            page.wait_for_selector("div.mermaid")
    _search(page, "cache")
    assert len(recorder.requests) > 10, "the recorder saw too few requests to prove anything"
    _assert_offline(recorder)


@pytest.mark.parametrize("which", ["home", "note"])
def test_phone_viewport_has_no_horizontal_overflow(
    page: Any, base_url: str, note_page: str, which: str
) -> None:
    page.set_viewport_size(PHONE)
    _open(page, base_url + ("" if which == "home" else note_page))
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px viewport"
