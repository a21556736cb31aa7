"""normalize_email and is_valid_email."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxm.ingest.normalize import is_valid_email, normalize_email

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)


def normalized(values: list[str | None]) -> list[str | None]:
    return (
        pl.DataFrame({"e": values}, schema={"e": pl.String})
        .select(normalize_email(pl.col("e")))["e"]
        .to_list()
    )


def valid(values: list[str | None]) -> list[bool | None]:
    return (
        pl.DataFrame({"e": values}, schema={"e": pl.String})
        .select(is_valid_email(pl.col("e")))["e"]
        .to_list()
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jane@example.com", "jane@example.com"),
        ("  Jane.Doe@Example.COM  ", "jane.doe@example.com"),
        ("\u00a0jane@example.com\u00a0", "jane@example.com"),
        ("\ufeffjane@example.com\u200b", "jane@example.com"),
        ("\tjane@example.com\r\n", "jane@example.com"),
        ("<jane@example.com>", "jane@example.com"),
        ('"jane@example.com"', "jane@example.com"),
        ("'jane@example.com'", "jane@example.com"),
        ("mailto:jane@example.com", "jane@example.com"),
        ("MAILTO:Jane@Example.com", "jane@example.com"),
        ("<mailto:jane@example.com>", "jane@example.com"),
        ("Jane Doe <Jane@Example.com>", "jane@example.com"),
        ('"Doe, Jane" <jane@example.com>', "jane@example.com"),
        ("not an email", "not an email"),  # kept: is_valid_email decides
        ("", None),
        ("   ", None),
        ("<>", None),
        (None, None),
    ],
)
def test_normalize_email(raw: str | None, expected: str | None) -> None:
    assert normalized([raw]) == [expected]


@pytest.mark.parametrize(
    "address",
    [
        "jane@example.com",
        "jane.doe@example.co.uk",
        "j@x.io",
        "jane+tag@example.com",
        "o'brien@example.ie",
        "first_last-1@sub.domain-name.example.org",
        "JANE@EXAMPLE.COM",
        "jane@xn--bcher-kva.example",
        "user@example.xn--p1ai",
    ],
)
def test_valid_addresses(address: str) -> None:
    assert valid([address]) == [True]


@pytest.mark.parametrize(
    "address",
    [
        "jane",
        "jane@",
        "@example.com",
        "jane@@example.com",
        "ja@ne@example.com",
        "jane doe@example.com",
        "jane@exa mple.com",
        "jane@localhost",
        "jane@example",
        "jane@example.c",
        "jane@example.c0m",
        "jane@example..com",
        "jane..doe@example.com",
        ".jane@example.com",
        "jane.@example.com",
        "jane@.example.com",
        "jane@example.com.",
        "jane@-example.com",
        "jane@example-.com",
        "jane@exa_mple.com",
        "jane@exämple.com",
        "jane@\u212aelvin.com",  # Kelvin sign, which case-insensitive matching would take for k
        "jane@example.com>",
        "a" * 250 + "@example.com",
    ],
)
def test_invalid_addresses(address: str) -> None:
    assert valid([address]) == [False]


def test_null_is_null_not_false() -> None:
    assert valid([None]) == [None]


def test_keeps_column_name_and_works_in_list_eval() -> None:
    df = pl.DataFrame({"emails": [[" A@B.com ", "bad"], []]})
    out = df.select(
        pl.col("emails").list.eval(normalize_email(pl.element())).alias("norm"),
        pl.col("emails").list.eval(is_valid_email(normalize_email(pl.element()))).alias("ok"),
        normalize_email(pl.col("emails").list.first()),
    )
    assert out.columns == ["norm", "ok", "emails"]
    assert out["norm"].to_list() == [["a@b.com", "bad"], []]
    assert out["ok"].to_list() == [[True, False], []]


_LOCAL = st.from_regex(r"\A[A-Za-z0-9_%+-]{1,10}(\.[A-Za-z0-9_%+-]{1,10}){0,2}\Z")
_DOMAIN = st.from_regex(r"\A([A-Za-z0-9]{1,10}\.){1,3}[A-Za-z]{2,6}\Z")
_WRAPPING = st.sampled_from(["{}", " {} ", "<{}>", "mailto:{}", "Name <{}>", '"{}"', "\u00a0{}"])


@PROPERTY
@given(local=_LOCAL, domain=_DOMAIN, wrapping=_WRAPPING)
def test_wrapped_addresses_normalize_to_the_lower_case_address(
    local: str, domain: str, wrapping: str
) -> None:
    address = f"{local}@{domain}"
    assert normalized([wrapping.format(address)]) == [address.lower()]
    assert valid([address.lower()]) == [True]


@PROPERTY
@given(st.text(max_size=40))
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalized([raw])
    assert normalized(once) == once
