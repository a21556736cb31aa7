"""repair_mojibake."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxm.ingest.normalize import repair_mojibake
from cxm.ingest.normalize import text as text_module

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def repair(values: Sequence[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"text": values}, schema={"text": pl.String})
    out = frame.select(repair_mojibake(pl.col("text")))
    assert out.schema["text"] == pl.String
    return out["text"].to_list()


def latin1_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Caf\u00c3\u00a9", "Café"),  # as Facebook's JSON escapes it
        ("na\u00c3\u00afve", "naïve"),
        ("\u00f0\u009f\u0098\u0080 great", "😀 great"),  # emoji through Latin-1
        ("\u00f0\u0178\u02dc\u20ac great", "😀 great"),  # emoji through Windows-1252
        ("it\u00e2\u20ac\u2122s", "it\u2019s"),  # right single quote through Windows-1252
        ("Z\u00c3\u00bcrich \u00e2\u0086\u0092 M\u00c3\u00bcnchen", "Zürich → München"),
        ("\u00c3\u0083\u00c2\u00a9", "é"),  # mangled twice
        # already correct: unchanged
        ("Café", "Café"),
        ("naïve", "naïve"),
        ("plain ascii", "plain ascii"),
        ("😀", "😀"),
        ("Ã", "Ã"),  # a lone lead byte is not UTF-8
        ("«CAFÉ»", "«CAFÉ»"),  # É» is valid UTF-8 (U+027B), but an IPA letter is no repair
        ("L\u2019ÉTÉ\u2019S", "L\u2019ÉTÉ\u2019S"),
        ("€100", "€100"),
        ("", ""),
        (None, None),
    ],
)
def test_repair_mojibake(raw: str | None, expected: str | None) -> None:
    assert repair([raw]) == [expected]


# Correct text: ASCII, accented letters, and characters beyond U+00FF. A single-byte reading of
# UTF-8 needs a lead byte (an accented letter, >= U+00C0) directly followed by continuation bytes
# (U+0080-U+00BF, or the Windows-1252 symbols stored there, such as the euro sign and curly
# quotes); that adjacency is the one ambiguous case and is excluded here (see the table above for
# what happens to it).
_LETTERS = list("abcXYZ 019,.!?-") + list("éèêëàâäçñöüøåæßÉÀÖÜ") + ["😀", "中", "Ω", "ł"]
_SYMBOLS = ["€", "\u2019"]
_CORRECT_TEXT = st.text(alphabet=st.sampled_from(_LETTERS + _SYMBOLS), max_size=20).filter(
    lambda t: re.search("[\u00c0-\u00ff][€\u2019]", t) is None
)


@PROPERTY
@given(st.lists(_CORRECT_TEXT, min_size=1, max_size=20))
def test_correct_text_is_unchanged(texts: list[str]) -> None:
    assert repair(list(texts)) == texts


@PROPERTY
@given(st.lists(_CORRECT_TEXT, min_size=1, max_size=20))
def test_mojibake_is_repaired(texts: list[str]) -> None:
    assert repair([latin1_mojibake(t) for t in texts]) == texts


@PROPERTY
@given(st.lists(st.text(max_size=20), min_size=1, max_size=20))
def test_repair_is_idempotent(texts: list[str]) -> None:
    once = repair(list(texts))
    assert repair(once) == once


@PROPERTY
@given(st.lists(_CORRECT_TEXT, min_size=1, max_size=10))
def test_repair_is_idempotent_on_mojibake(texts: list[str]) -> None:
    mangled = [latin1_mojibake(latin1_mojibake(t)) for t in texts]
    once = repair(mangled)
    assert once == texts
    assert repair(once) == once


def test_runs_python_once_per_unique_non_ascii_value(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = text_module._repair

    def counting(text: str) -> str:
        calls.append(text)
        return original(text)

    monkeypatch.setattr(text_module, "_repair", counting)
    values = ["Caf\u00c3\u00a9"] * 1000 + ["ok"] * 1000 + ["Café"] * 1000 + [None]
    assert repair(values) == ["Café"] * 1000 + ["ok"] * 1000 + ["Café"] * 1000 + [None]
    assert sorted(calls) == ["Caf\u00c3\u00a9", "Café"]
