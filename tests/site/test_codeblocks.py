"""Code blocks as tests: extraction, the language table, and failures with their line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notes_tools import codeblocks

PAGE = """\
Intro.

```python
x = 6 * 7
print(x)
```

```text title="Output"
42
```

!!! note
    Indented inside an admonition:

    ```pycon
    >>> x + 1
    43
    ```

```python title="not run: needs a CUDA GPU"
import torch
torch.cuda.memory._record_memory_history()
```
"""


def test_extract_finds_every_block_with_its_line() -> None:
    blocks = codeblocks.extract(PAGE)
    assert [(b.lang, b.line) for b in blocks] == [
        ("python", 3),
        ("text", 8),
        ("pycon", 15),
        ("python", 20),
    ]
    assert blocks[2].code == ">>> x + 1\n43\n"
    assert blocks[3].skip_reason == "needs a CUDA GPU"
    assert blocks[1].title == "Output"


def test_a_good_page_passes(tmp_path: Path) -> None:
    assert codeblocks.run_page("p.md", PAGE, tmp_path) == []


def test_wrong_output_is_reported_at_the_output_block(tmp_path: Path) -> None:
    problems = codeblocks.run_page("p.md", PAGE.replace("42\n```", "41\n```"), tmp_path)
    assert [(p.line, p.message[:40]) for p in problems] == [
        (8, "output differs from the Output block: ex")
    ]


def test_exception_is_reported_at_its_line(tmp_path: Path) -> None:
    page = "```python\na = 1\nb = a / 0\n```\n"
    (problem,) = codeblocks.run_page("p.md", page, tmp_path)
    assert problem.line == 3
    assert "ZeroDivisionError" in problem.message


def test_failing_doctest(tmp_path: Path) -> None:
    page = "```pycon\n>>> 1 + 1\n3\n```\n"
    (problem,) = codeblocks.run_page("p.md", page, tmp_path)
    assert problem.line == 1 and "doctest failed" in problem.message


@pytest.mark.parametrize(
    ("block", "fragment"),
    [
        ("```bash\nif then fi\n```\n", "shell syntax error"),
        ("```console\n$ echo 'unterminated\n```\n", "shell syntax error"),
        ("```yaml\na: [1, 2\n```\n", "YAML does not parse"),
        ('```json\n{"a": 1,}\n```\n', "JSON does not parse"),
        ("```toml\na = \n```\n", "TOML does not parse"),
        ("```\nno language\n```\n", "needs a language"),
        ("```pythn\nx = 1\n```\n", "unknown code block language 'pythn'"),
        ('```python title="not run:"\nx\n```\n', "needs a reason"),
    ],
)
def test_language_table_failures(block: str, fragment: str, tmp_path: Path) -> None:
    problems = codeblocks.run_page("p.md", block, tmp_path)
    assert any(fragment in p.message for p in problems), problems


@pytest.mark.skipif(shutil.which("rustc") is None, reason="rustc is not installed")
def test_rust_compiles_and_runs(tmp_path: Path) -> None:
    ok = "```rust\nfn main() { let v = vec![1, 2]; assert_eq!(v.len(), 2); }\n```\n"
    borrow = '```rust\nfn main() { let s = String::new(); let t = s; println!("{}", s); }\n```\n'
    assert codeblocks.run_page("p.md", ok, tmp_path) == []
    (problem,) = codeblocks.run_page("p.md", borrow, tmp_path)
    assert "does not compile" in problem.message and "borrow of moved value" in problem.message


def test_snippet_includes_are_not_run(tmp_path: Path) -> None:
    page = '```python\n--8<-- "notes_tools/cli.py"\n```\n'
    assert codeblocks.run_page("p.md", page, tmp_path) == []


@pytest.mark.skipif(shutil.which("rustc") is None, reason="rustc is not installed")
def test_rust_output_is_compared(tmp_path: Path) -> None:
    page = (
        '```rust\nfn main() { println!("{}", 6 * 7); }\n```\n\n```text title="Output"\nSHOWN\n```\n'
    )
    assert codeblocks.run_page("p.md", page.replace("SHOWN", "42"), tmp_path) == []
    (problem,) = codeblocks.run_page("p.md", page.replace("SHOWN", "41"), tmp_path)
    assert "output differs" in problem.message and problem.line == 1


def test_blocks_of_a_page_share_names(tmp_path: Path) -> None:
    page = "```pycon\n>>> import math\n```\n\n```pycon\n>>> math.floor(2.5)\n2\n```\n\n```python\nprint(math.pi > 3)\n```\n"
    assert codeblocks.run_page("p.md", page, tmp_path) == []
