"""MkDocs hooks: thin glue over plain functions in notes_tools.

Problems are logged through MkDocs' logger as warnings, so `--strict` turns
them into a failed build. MkDocs loads this file by path: imports are absolute.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from notes_tools import check, htmlpolicy, search, site

log = logging.getLogger("mkdocs.hooks.notes_tools")
_state: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    root = Path(config.config_file_path).resolve().parent
    _state["root"] = root
    _state["dates"] = site.git_dates(root)
    glossary = Path(config.docs_dir) / "includes" / "abbreviations.md"
    terms = dict(site.glossary_entries(glossary if glossary.is_file() else None))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = terms
    return config


def on_files(files: Any, config: Any) -> Any:
    root = _state["root"]
    docs = Path(config.docs_dir)
    for problem in check.check_tree([docs], root):
        log.warning(str(problem))
    return files


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    for section in _sections(nav.items):
        index = next((p for p in section.children if getattr(p, "is_index", False)), None)
        if index is not None and index.file.abs_src_path:
            title = site.index_title(Path(index.file.abs_src_path))
            if title:
                section.title = title
    return nav


def _sections(items: list[Any]) -> list[Any]:
    found = []
    for item in items:
        if getattr(item, "is_section", False):
            found.append(item)
            found += _sections(item.children)
    return found


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    meta = page.meta
    if meta.get("summary") and not meta.get("description"):
        meta["description"] = meta["summary"]
    src = page.file.src_uri
    date = _state.get("dates", {}).get(f"docs/{src}")
    if date:
        meta["revision_date"] = date
    try:
        return site.expand_generated(markdown)
    except site.GenError as exc:
        log.warning(f"docs/{src}:{exc}")
        return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html = site.strip_cdn_scripts(html)
        for problem in htmlpolicy.rendered_notebook_problems(html):
            log.warning(f"docs/{page.file.src_uri}: {problem}")
    return html


def on_post_build(config: Any) -> None:
    site_dir = Path(config.site_dir)
    node_modules = _state["root"] / "node_modules"
    if not node_modules.is_dir():  # a config outside the repository (tests build tiny sites)
        node_modules = site.REPO / "node_modules"
    missing = site.vendor_assets(site_dir, node_modules)
    if missing:
        log.warning(f"vendored assets missing (run `make install`): {', '.join(missing)}")
    index = site_dir / "search" / "search_index.json"
    if index.exists():
        search.augment_search_index(index)
