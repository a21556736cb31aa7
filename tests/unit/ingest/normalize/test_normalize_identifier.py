"""clean_id, salesforce_id18, normalize_handle."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxm.ingest.normalize import clean_id, normalize_handle, salesforce_id18

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def apply(
    function: object, values: Sequence[object], dtype: pl.DataType | None = None
) -> list[object]:
    assert callable(function)
    frame = pl.DataFrame({"v": values}, schema={"v": dtype or pl.String})
    return frame.select(function(pl.col("v")))["v"].to_list()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345", "12345"),
        ("  12345  ", "12345"),
        ("'00123", "00123"),  # Excel guard dropped, leading zeros kept
        (" '00123 ", "00123"),
        ("12345.0", "12345"),
        ("12345.00", "12345"),
        ("1.23456789012E+11", "123456789012"),
        ("1.23456789012e11", "123456789012"),
        ("1.5E+1", "15"),
        # digits lost in the export: kept as written rather than guessed
        ("1.23E+11", "1.23E+11"),
        ("1.2345E+2", "1.2345E+2"),
        ("12.5", "12.5"),
        ("AbC-123", "AbC-123"),
        ("cus_NffrFeUfNV2Hib", "cus_NffrFeUfNV2Hib"),
        ("\ufeff42\u200b", "42"),
        ("", None),
        ("  ", None),
        ("'", None),
        (None, None),
    ],
)
def test_clean_id(raw: str | None, expected: str | None) -> None:
    assert apply(clean_id, [raw]) == [expected]


def test_clean_id_accepts_numeric_columns() -> None:
    assert apply(clean_id, [12345, None], pl.Int64()) == ["12345", None]
    assert apply(clean_id, [12345.0, 7.0], pl.Float64()) == ["12345", "7"]


@PROPERTY
@given(st.lists(st.integers(10**11, 10**12 - 1), min_size=1, max_size=20))
def test_clean_id_undoes_excel_scientific_notation(ids: list[int]) -> None:
    # Excel shows a 12-digit number as d.ddddddddddd E+11: all digits, exact
    shown = [f"{value:.11E}" for value in ids]
    assert apply(clean_id, shown) == [str(value) for value in ids]


def reference_checksum(id15: str) -> str:
    """The documented algorithm, written independently of the polars implementation."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    suffix = ""
    for chunk in range(3):
        bits = 0
        for position, char in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += alphabet[bits]
    return suffix


def test_reference_checksum_matches_the_published_pair() -> None:
    assert reference_checksum("001A0000006Vm9r") == "IAC"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("001A0000006Vm9r", "001A0000006Vm9rIAC"),  # published example
        # derived by hand: chunk 1 "003Dn" has D at 3 -> 8 -> I; chunk 2 "00000" -> A;
        # chunk 3 "3ZYbQ" has Z, Y, Q at 1, 2, 4 -> 2 + 4 + 16 = 22 -> W
        ("003Dn000003ZYbQ", "003Dn000003ZYbQIAW"),
        ("ABCDEABCDEABCDE", "ABCDEABCDEABCDE555"),  # all upper: 31 -> 5
        ("abcdeabcdeabcde", "abcdeabcdeabcdeAAA"),
        ("  001A0000006Vm9r ", "001A0000006Vm9rIAC"),
        ("001A0000006Vm9rIAC", "001A0000006Vm9rIAC"),  # 18 characters: unchanged
        ("001A0000006Vm9", "001A0000006Vm9"),  # 14 characters: unchanged
        ("001A0000006Vm9-r", "001A0000006Vm9-r"),
        ("001A0000006Vm9é", "001A0000006Vm9é"),
        ("", None),
        (None, None),
    ],
)
def test_salesforce_id18(raw: str | None, expected: str | None) -> None:
    assert apply(salesforce_id18, [raw]) == [expected]


@PROPERTY
@given(st.lists(st.from_regex(r"\A[a-zA-Z0-9]{15}\Z"), min_size=1, max_size=30))
def test_salesforce_id18_matches_the_reference(ids: list[str]) -> None:
    assert apply(salesforce_id18, list(ids)) == [i + reference_checksum(i) for i in ids]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jack", "jack"),
        ("@Jack", "jack"),
        ("  @jack  ", "jack"),
        ("https://twitter.com/jack", "jack"),
        ("https://twitter.com/jack/", "jack"),
        ("https://twitter.com/@jack", "jack"),
        ("http://www.twitter.com/Jack?lang=en", "jack"),
        ("twitter.com/jack", "jack"),
        ("https://x.com/jack/status/20", "jack"),
        ("x.com/jack?s=20", "jack"),
        ("https://www.instagram.com/jane.doe/", "jane.doe"),
        ("instagram.com/jane.doe?hl=en", "jane.doe"),
        ("https://www.facebook.com/John.Smith", "john.smith"),
        ("https://m.facebook.com/John.Smith/", "john.smith"),
        ("facebook.com/profile.php?id=100012345678", "100012345678"),
        ("https://www.tiktok.com/@user.name", "user.name"),
        ("@jane#fragment", "jane"),
        ("", None),
        ("@", None),
        ("https://twitter.com/", None),
        (None, None),
    ],
)
def test_normalize_handle(raw: str | None, expected: str | None) -> None:
    assert apply(normalize_handle, [raw]) == [expected]


def test_identifiers_work_in_list_eval() -> None:
    frame = pl.DataFrame({"ids": [[" '007", "12.0"], None], "h": [["@A", "x.com/B"], []]})
    out = frame.select(
        pl.col("ids").list.eval(clean_id(pl.element())),
        pl.col("h").list.eval(normalize_handle(pl.element())),
    )
    assert out.rows() == [(["007", "12"], ["a", "b"]), (None, [])]
