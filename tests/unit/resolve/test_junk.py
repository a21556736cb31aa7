"""junk_email, junk_phone and junk_name."""

from __future__ import annotations

import doctest
from collections.abc import Callable, Sequence

import polars as pl
import pytest

from cxm.resolve import junk
from cxm.resolve.junk import (
    FICTIONAL_PHONE_PATTERNS,
    JUNK_EMAIL_LOCAL_PARTS,
    JUNK_NAMES,
    PHONE_DIGIT_RUNS,
    PLACEHOLDER_EMAIL_DOMAINS,
    RESERVED_EMAIL_TLDS,
    junk_email,
    junk_name,
    junk_phone,
)


def flags(rule: Callable[[pl.Expr], pl.Expr], values: Sequence[str | None]) -> list[bool | None]:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    result: list[bool | None] = frame.select(rule(pl.col("v")))["v"].to_list()
    return result


# --- email -------------------------------------------------------------------------------------

JUNK_EMAILS = [
    # placeholder domains, and subdomains of them
    "jane@example.com",
    "jane@example.org",
    "jane@example.net",
    "jane@mail.example.com",
    "jane@test.com",
    "jane@noemail.com",
    "jane@none.com",
    "jane@nomail.com",
    # reserved top-level names
    "jane@shop.test",
    "jane@foo.example",
    "jane@email.invalid",
    "jane@invalid",
    "jane@localhost",
    # role, automated and placeholder local parts
    "info@acme.com",
    "info+shop@x.com",
    "admin@acme.com",
    "administrator@acme.com",
    "support@acme.com",
    "sales@acme.com",
    "contact@acme.com",
    "office@acme.com",
    "hello@acme.com",
    "help@acme.com",
    "billing@acme.com",
    "accounts@acme.com",
    "team@acme.com",
    "marketing@acme.com",
    "webmaster@acme.com",
    "postmaster@acme.com",
    "hostmaster@acme.com",
    "abuse@acme.com",
    "noreply@acme.com",
    "no-reply@acme.com",
    "no_reply@acme.com",
    "donotreply@acme.com",
    "do-not-reply@acme.com",
    "mailer-daemon@acme.com",
    "test@gmail.com",
    "testing@gmail.com",
    "none@gmail.com",
    "na@gmail.com",
    "n/a@gmail.com",
    "null@gmail.com",
    "unknown@gmail.com",
    "noemail@gmail.com",
    "nomail@gmail.com",
    "fake@gmail.com",
    "asdf@gmail.com",
    "xxx@gmail.com",
    "customer@acme.com",
    "orders@acme.com",
    "service@acme.com",
    # one repeated character
    "aaaa@gmail.com",
    "aa@gmail.com",
    "1111@yahoo.com",
    "zzzzzz+x@yahoo.com",
]

REAL_EMAILS = [
    "jane.doe@gmail.com",
    "info.smith@gmail.com",
    "smith.info@gmail.com",
    "testa.maria@x.com",
    "contest@x.com",
    "adminton@x.com",
    "hello.kitty.fan@x.com",
    "j@smith.family",  # one character, not repeated
    "aab@gmail.com",
    "jane@notexample.com",
    "jane@example.com.au",
    "jane@testing.co",
    "jane@test.com.mx",
    "jane@protest.com",
    "jane+info@gmail.com",  # the tag is not the local part
    "bob+northwind@outlook.com",
]


@pytest.mark.parametrize("address", JUNK_EMAILS)
def test_junk_email(address: str) -> None:
    assert flags(junk_email, [address]) == [True]


@pytest.mark.parametrize("address", REAL_EMAILS)
def test_real_email(address: str) -> None:
    assert flags(junk_email, [address]) == [False]


@pytest.mark.parametrize("local", JUNK_EMAIL_LOCAL_PARTS)
def test_every_listed_local_part_is_junk(local: str) -> None:
    assert flags(
        junk_email, [f"{local}@acme.com", f"{local}+x@acme.com", f"{local}x@acme.com"]
    ) == [
        True,
        True,
        local == "xxx",  # "xxxx" is a repeated character
    ]


def test_every_listed_domain_is_junk() -> None:
    addresses = [f"a.b@{domain}" for domain in PLACEHOLDER_EMAIL_DOMAINS]
    addresses += [f"a.b@host.{tld}" for tld in RESERVED_EMAIL_TLDS]
    assert flags(junk_email, addresses) == [True] * len(addresses)


# --- phone -------------------------------------------------------------------------------------

JUNK_PHONES = [
    "+10000000000",
    "+11111111111",
    "+19999999999",
    "+15555555555",
    "+12121212121",  # two distinct digits
    "+18008008000",  # two distinct digits
    "+11234567890",  # national number 1234567890
    "+10123456789",
    "+19876543210",
    "+441234567890",
    "+447000000000",
    "+4420000000000",  # ends in seven zeros
    "+33600000000",
    "+15550000000",
    "+4987654321",  # descending run, Germany
]

REAL_PHONES = [
    "+15550101234",  # cxm's fictional test data
    "+12125550123",
    "+13035550100",
    "+13035550199",
    "+447911123456",
    "+31612345678",
    "+12025550173",
    "+19085551000",  # 555 exchange, three zeros only
    "+4930123456",
    "+12015550000",  # four trailing zeros are allowed
]


@pytest.mark.parametrize("number", JUNK_PHONES)
def test_junk_phone(number: str) -> None:
    assert flags(junk_phone, [number]) == [True]


@pytest.mark.parametrize("number", REAL_PHONES)
def test_real_phone(number: str) -> None:
    assert flags(junk_phone, [number]) == [False]


def test_run_is_judged_on_the_national_number() -> None:
    # +1 2345678901: the national number 2345678901 is an ascending run (wrapping 9 -> 0).
    assert flags(junk_phone, ["+12345678901"]) == [True]
    # +7 is Russia: the national number 1234567890 is a run; +71234567891 is not.
    assert flags(junk_phone, ["+71234567890", "+71234567891"]) == [True, False]


def test_fictional_555_01xx_is_never_junk() -> None:
    numbers = [f"+1{area}55501{line:02d}" for area in (212, 303, 555, 999) for line in range(100)]
    numbers += [f"+155501{rest:05d}" for rest in range(0, 100_000, 997)]
    assert flags(junk_phone, numbers) == [False] * len(numbers)
    assert all(pl.Series(numbers).str.contains("|".join(FICTIONAL_PHONE_PATTERNS)))


def test_classic_fake_555_numbers_stay_junk() -> None:
    assert flags(junk_phone, ["+15555555555", "+15555550000"]) == [True, True]


def test_digit_runs_table() -> None:
    assert {"1234567890", "0123456789", "9876543210", "8901234567"} <= set(PHONE_DIGIT_RUNS)
    assert "1234567891" not in PHONE_DIGIT_RUNS


def test_phone_not_e164_is_not_judged() -> None:
    assert flags(junk_phone, ["5550101234", "abc", ""]) == [False, False, False]


# --- name --------------------------------------------------------------------------------------

JUNK_NAME_VALUES = [
    "n/a",
    "n a",
    "na",
    "none",
    "null",
    "unknown",
    "test",
    "testing",
    "customer",
    "guest",
    "user",
    "client",
    "anonymous",
    "anon",
    "noname",
    "no name",
    "valued customer",
    "x",
    "xx",
    "xxx",
    "asdf",
    "-",
    ".",
    "?",
    "123",
    "--",
    " ",
    "",
]

REAL_NAMES = [
    "jane",
    "anna",
    "nadia",
    "nan",
    "testa",
    "xavier",
    "customer jane",
    "bo",
    "al",
    "jo",
    "anne marie",
    "\u738b",  # 王: a letter, just not a Latin one
    "\u0438\u0432\u0430\u043d",  # иван
]


@pytest.mark.parametrize("name", JUNK_NAME_VALUES)
def test_junk_name(name: str) -> None:
    assert flags(junk_name, [name]) == [True]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_name(name: str) -> None:
    assert flags(junk_name, [name]) == [False]


def test_every_listed_name_is_junk() -> None:
    assert flags(junk_name, list(JUNK_NAMES)) == [True] * len(JUNK_NAMES)


# --- on whole frames ---------------------------------------------------------------------------


def test_rules_on_a_frame_with_nulls() -> None:
    frame = pl.DataFrame(
        {
            "email": ["info@acme.com", None, "jane.doe@gmail.com", "aaa@x.com"],
            "phone": [None, "+11111111111", "+15550101234", "+441234567890"],
            "name": ["jane", "guest", None, "123"],
        }
    )
    result = frame.select(
        junk_email(pl.col("email")),
        junk_phone(pl.col("phone")),
        junk_name(pl.col("name")),
    )
    assert result.columns == ["email", "phone", "name"]
    assert result.schema == pl.Schema(
        {"email": pl.Boolean, "phone": pl.Boolean, "name": pl.Boolean}
    )
    assert result.rows() == [
        (True, None, False),
        (None, True, True),
        (False, False, None),
        (True, True, True),
    ]


def test_rules_inside_list_eval() -> None:
    frame = pl.DataFrame(
        {
            "emails": [["info@acme.com", "jane@gmail.com"], []],
            "phones": [["+15550101234", "+10000000000"], None],
        }
    )
    result = frame.select(
        pl.col("emails").list.eval(junk_email(pl.element())),
        pl.col("phones").list.eval(junk_phone(pl.element())),
    )
    assert result.rows() == [([True, False], [False, True]), ([], None)]


def test_constants_are_lower_case_and_unique() -> None:
    for values in (
        PLACEHOLDER_EMAIL_DOMAINS,
        RESERVED_EMAIL_TLDS,
        JUNK_EMAIL_LOCAL_PARTS,
        JUNK_NAMES,
    ):
        assert len(set(values)) == len(values)
        assert all(value == value.lower() for value in values)


def test_docstring_examples() -> None:
    result = doctest.testmod(junk, optionflags=doctest.NORMALIZE_WHITESPACE, extraglobs={"pl": pl})
    assert result.attempted > 0
    assert result.failed == 0
