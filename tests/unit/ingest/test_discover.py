"""Finding export files: folders walked, notes and scripts skipped, .cxmignore honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxm.errors import UnreadableFileError
from cxm.ingest.discover import discover


def test_walk_skips_docs_scripts_hidden_and_ignored(tmp_path: Path) -> None:
    for name in (
        "a.csv",
        "README.md",
        "make.py",
        ".hidden.csv",
        "truth.csv",
        "sub/b.json",
        "sub/deep/truth.csv",
        "m.cxm.toml",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (tmp_path / ".cxmignore").write_text("# not exports\ntruth.csv\n")
    files, mappings = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.csv", "sub/b.json"]
    assert mappings == [tmp_path / "m.cxm.toml"]


def test_explicit_files_are_taken_and_missing_paths_named(tmp_path: Path) -> None:
    data = tmp_path / "notes.txt"
    data.write_text("x")
    assert discover([data]) == ([data], [])
    with pytest.raises(UnreadableFileError, match=r"no such file or folder: .*nope\.csv"):
        discover([tmp_path / "nope.csv"])
