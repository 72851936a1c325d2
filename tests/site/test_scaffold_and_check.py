"""`notes-tools new` writes a valid note and never overwrites; `notes-tools check` reports problems."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from notes_tools import check, scaffold


@pytest.fixture
def project(tmp_path: Path, repo: Path) -> Path:
    shutil.copy(repo / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    return tmp_path


def test_new_note_is_valid_and_in_its_section(project: Path) -> None:
    path = scaffold.create(
        project, "Path MTU in QUIC!", "networking", ["networking", "mtu"], dt.date(2026, 11, 23)
    )
    assert path == project / "docs" / "networking" / "path-mtu-in-quic.md"
    assert check.check_tree([path], project) == []


def test_new_never_overwrites(project: Path) -> None:
    path = scaffold.create(project, "Same title", "networking", ["networking"])
    path.write_text("my edits\n")
    with pytest.raises(ValueError, match="already exists"):
        scaffold.create(project, "Same title", "networking", ["networking"])
    assert path.read_text() == "my edits\n"


@pytest.mark.parametrize(
    ("title", "section", "tags", "message"),
    [
        ("!!!", "networking", ["networking"], "no letters or digits"),
        ("Ok", "Net Working", ["networking"], "kebab-case"),
        ("Ok", "networking", ["netwerking"], "unknown tag 'netwerking'"),
    ],
)
def test_new_rejects_bad_input(
    project: Path, title: str, section: str, tags: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        scaffold.create(project, title, section, tags)


def test_new_cli(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["Hello", "--section", "rust", "--tags", "rust", "--root", str(project)]
    assert scaffold.main(args) == 0
    assert capsys.readouterr().out.strip() == "docs/rust/hello.md"
    assert scaffold.main(args) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("notes-tools new: ") and "already exists" in err and "Traceback" not in err
    )


def test_check_cli_reports_path_line_and_annotations(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    note = project / "docs" / "bad.md"
    note.write_text(
        "---\ntitle: Bad\nsummary: Bad.\ndate: 2026-11-23\ntags: [nope]\n---\n\n<script>x</script>\n"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check.main([str(project / "docs"), "--root", str(project)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "docs/bad.md:5: front matter: 'tags' unknown tag 'nope'; the vocabulary is tags_allowed in mkdocs.yml"
        in out
    )
    assert any(line.startswith("docs/bad.md:8: disallowed HTML <script>") for line in out)
    assert any(line.startswith("::error file=docs/bad.md,line=8::") for line in out)


def test_check_cli_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main([str(project / "nowhere"), "--root", str(project)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_project_notes_pass_the_static_checks(repo: Path) -> None:
    problems = check.check_tree([repo / "docs"], repo)
    assert problems == [], "\n".join(map(str, problems))


def test_notebook_links_resolve_by_page_url() -> None:
    urls = {"", "systems/", "systems/collectives/", "reference/oom/", "assets/x.png"}
    text = "\n".join(
        [
            '"[ok](../collectives/)",',
            '"[ok with anchor](../../reference/oom/#api)",',
            '"[file link](collectives.md)",',
            '"[dead](../nowhere/)",',
            '"[external](https://example.org/x.md)",',
        ]
    )
    problems = check.notebook_link_problems("nb.ipynb", text, "systems/ring.ipynb", urls)
    assert [(p.line, p.message) for p in problems] == [
        (3, "link 'collectives.md': notebooks link by page URL, not file"),
        (4, "link '../nowhere/' leads to no page"),
    ]


def test_page_url() -> None:
    assert check.page_url("index.md") == ""
    assert check.page_url("ai/index.md") == "ai/"
    assert check.page_url("ai/kv-cache.md") == "ai/kv-cache/"
    assert check.page_url("ai/nb.ipynb") == "ai/nb/"


def test_check_tree_sees_an_edited_note(project: Path) -> None:
    note = scaffold.create(project, "Cached", "networking", ["networking"])
    assert check.check_tree([project / "docs"], project) == []
    text = note.read_text().replace("tags: [networking]", "tags: [nope]")
    note.write_text(text + "\n")  # a different size, so a new cache key even on a coarse clock
    assert [p.line for p in check.check_tree([project / "docs"], project)] == [5]
