"""Identifier values that must never link two records.

Identity resolution joins records that share an email address or a phone number, and chains those
joins transitively. A value shared by many unrelated people — ``test@test.com``, ``info@`` a
company, ``+10000000000``, a given name of ``"customer"`` — would chain strangers into one
"customer". Such values are kept on the record (an agent may still want to see them) but must
never be used as linking evidence. The rules here are vectorized polars expressions; the constant
tuples they are built from are public so that the documentation can list them.

All inputs are expected normalized as in the lake: emails lower-cased, phones in E.164, names
folded (lower-case ASCII, ``given_name_norm``).
"""

from __future__ import annotations

import functools
import itertools
import re
import string
from typing import Final

import phonenumbers
import polars as pl

#: Placeholder domains people type when they have to fill in an address; subdomains count too.
PLACEHOLDER_EMAIL_DOMAINS: Final[tuple[str, ...]] = (
    "example.com",
    "example.org",
    "example.net",
    "test.com",
    "test.org",
    "testing.com",
    "domain.com",
    "yourdomain.com",
    "noemail.com",
    "noemail.org",
    "no-email.com",
    "nomail.com",
    "none.com",
    "fake.com",
    "fakeemail.com",
)

#: Reserved top-level names (RFC 2606, RFC 6761): ``*.test``, ``*.example``, ``*.invalid``,
#: ``*.localhost``; also the bare names (``x@localhost``).
RESERVED_EMAIL_TLDS: Final[tuple[str, ...]] = ("test", "example", "invalid", "localhost", "local")

#: Local parts of shared role, automated and placeholder mailboxes. The whole local part must
#: match (``info.smith@`` is a person), optionally followed by a ``+tag`` (``info+shop@``).
JUNK_EMAIL_LOCAL_PARTS: Final[tuple[str, ...]] = (
    # shared role mailboxes
    "info",
    "admin",
    "administrator",
    "support",
    "sales",
    "contact",
    "office",
    "hello",
    "help",
    "helpdesk",
    "billing",
    "account",
    "accounts",
    "accounting",
    "team",
    "marketing",
    "enquiries",
    "inquiries",
    "reception",
    "customer",
    "customers",
    "customerservice",
    "customer.service",
    "customercare",
    "service",
    "services",
    "orders",
    "order",
    "shop",
    "store",
    "bookings",
    "reservations",
    "feedback",
    "newsletter",
    "press",
    "jobs",
    "careers",
    "hr",
    # automated mailboxes
    "webmaster",
    "postmaster",
    "hostmaster",
    "abuse",
    "root",
    "noreply",
    "no-reply",
    "no_reply",
    "no.reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
    "mailer-daemon",
    "notifications",
    "bounce",
    "bounces",
    # placeholders
    "test",
    "testing",
    "tester",
    "none",
    "na",
    "n/a",
    "null",
    "nil",
    "unknown",
    "noemail",
    "no-email",
    "nomail",
    "nobody",
    "noone",
    "fake",
    "dummy",
    "sample",
    "demo",
    "guest",
    "anonymous",
    "asdf",
    "qwerty",
)

#: Folded names that are placeholders rather than someone's name (``n a`` is how ``N/A`` folds).
#: Any name without a letter is junk too.
JUNK_NAMES: Final[tuple[str, ...]] = (
    "n/a",
    "n a",
    "na",
    "none",
    "null",
    "nil",
    "unknown",
    "test",
    "testing",
    "customer",
    "valued customer",
    "guest",
    "user",
    "client",
    "anonymous",
    "anon",
    "noname",
    "no name",
    "nobody",
    "name",
    "firstname",
    "first name",
    "lastname",
    "last name",
    "tbd",
    "dummy",
    "x",
    "xx",
    "xxx",
    "asdf",
    "qwerty",
    "-",
    ".",
    "?",
)

#: E.164 patterns of fictional numbers that are legitimate test data in cxm and are never junk:
#: NANP ``NXX-555-0100`` to ``NXX-555-0199`` (reserved for fiction by NANPA), and ``555-01X-XXXX``
#: as used throughout cxm's examples (``+15550101234``).
FICTIONAL_PHONE_PATTERNS: Final[tuple[str, ...]] = (
    r"^\+1[2-9][0-9]{2}55501[0-9]{2}$",
    r"^\+155501[0-9]{5}$",
)

#: A national number ending in this many zeros is a placeholder (``+44 20 0000 0000``).
PHONE_TRAILING_ZEROS: Final[int] = 7

#: A national number with at most this many distinct digits is a placeholder (``555-555-5555``).
PHONE_MAX_JUNK_DISTINCT_DIGITS: Final[int] = 2

# Consecutive-digit runs (with 9 -> 0 wrapping) of the lengths a national number can have.
_MIN_RUN, _MAX_RUN = 4, 15


def _runs() -> tuple[str, ...]:
    up = "0123456789" * 3
    down = up[::-1]
    return tuple(
        sorted(
            {
                seq[start : start + length]
                for seq in (up, down)
                for start in range(10)
                for length in range(_MIN_RUN, _MAX_RUN + 1)
            }
        )
    )


#: National numbers that are one run of consecutive digits, ascending or descending, wrapping
#: ``9`` -> ``0`` (``1234567890``, ``0123456789``, ``9876543210``).
PHONE_DIGIT_RUNS: Final[tuple[str, ...]] = _runs()


def _alternation(values: tuple[str, ...]) -> str:
    return "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))


_JUNK_DOMAIN = (
    rf"@(?:[^@]*\.)?(?:{_alternation(PLACEHOLDER_EMAIL_DOMAINS)})$"
    rf"|@(?:[^@]*\.)?(?:{_alternation(RESERVED_EMAIL_TLDS)})$"
)
_JUNK_LOCAL = rf"^(?:{_alternation(JUNK_EMAIL_LOCAL_PARTS)})(?:\+[^@]*)?@"
# No backreferences in polars' regex engine, so "one character repeated" is spelled out.
_REPEATED_CHARACTER = "|".join(
    f"{re.escape(c)}{{2,}}" for c in string.ascii_lowercase + string.digits + "_-"
)
_REPEATED_LOCAL = rf"^(?:{_REPEATED_CHARACTER})(?:\+[^@]*)?@"
_JUNK_EMAIL = rf"(?:{_JUNK_DOMAIN})|(?:{_JUNK_LOCAL})|(?:{_REPEATED_LOCAL})"


def junk_email(expr: pl.Expr) -> pl.Expr:
    """Whether normalized (lower-case) email addresses are junk that must not link records.

    Junk is: a placeholder domain (:data:`PLACEHOLDER_EMAIL_DOMAINS`, or a subdomain of one), a
    reserved top-level name (:data:`RESERVED_EMAIL_TLDS`), a shared role, automated or placeholder
    local part (:data:`JUNK_EMAIL_LOCAL_PARTS`, matched as the whole local part, optionally with a
    ``+tag``), or a local part that is one character repeated (``aaaa@``, ``xxx@``). A
    single-character local part is not junk: ``j@smith.family`` is somebody's own address.

    Parameters
    ----------
    expr
        A ``String`` expression of normalized email addresses.

    Returns
    -------
    pl.Expr
        Boolean; null where the input is null.

    Examples
    --------
    >>> df = pl.DataFrame({"e": ["info+shop@x.com", "info.smith@gmail.com", "a@example.com"]})
    >>> df.select(junk_email(pl.col("e")))["e"].to_list()
    [True, False, True]
    """
    return expr.str.contains(_JUNK_EMAIL)


@functools.cache
def _junk_phone_pattern() -> str:
    """One regex for all phone rules, so a column is scanned once (no backreferences needed)."""
    codes = "|".join(sorted(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE))
    few_digits = "|".join(
        f"[{''.join(digits)}]+"
        for digits in itertools.combinations(string.digits, PHONE_MAX_JUNK_DISTINCT_DIGITS)
    )
    runs = _alternation(PHONE_DIGIT_RUNS)
    national = rf"{few_digits}|{runs}|[0-9]*{'0' * PHONE_TRAILING_ZEROS}"
    # ITU country codes are prefix-free, so at most one code matches a number. The code is
    # optional so that a number with an unknown code is judged on all its digits; for a known
    # code that adds nothing, as all digits being junk implies the national number is.
    return rf"^\+(?:{codes})?(?:{national})$"


def junk_phone(expr: pl.Expr) -> pl.Expr:
    """Whether E.164 phone numbers are junk that must not link records.

    Judged on the national significant number (the digits after the country code, or all digits
    when the code is unknown): junk when it has at most :data:`PHONE_MAX_JUNK_DISTINCT_DIGITS`
    distinct digits (``+10000000000``, ``+15555555555``, ``+12121212121``), is a run of
    consecutive digits (:data:`PHONE_DIGIT_RUNS`), or ends in :data:`PHONE_TRAILING_ZEROS` zeros.
    Numbers matching :data:`FICTIONAL_PHONE_PATTERNS` (cxm's test data) are never junk. One
    regex pass over the column.

    Parameters
    ----------
    expr
        A ``String`` expression of E.164 numbers (``+15550101234``).

    Returns
    -------
    pl.Expr
        Boolean; null where the input is null, False for a string that is not E.164.

    Examples
    --------
    >>> df = pl.DataFrame({"p": ["+11111111111", "+11234567890", "+15550101234"]})
    >>> df.select(junk_phone(pl.col("p")))["p"].to_list()
    [True, True, False]
    """
    junk = expr.str.contains(_junk_phone_pattern())
    return junk & ~expr.str.contains("|".join(FICTIONAL_PHONE_PATTERNS))


def junk_name(expr: pl.Expr) -> pl.Expr:
    """Whether folded names are placeholders that must not count as name evidence.

    Junk is a name in :data:`JUNK_NAMES` or a name without any letter (``123``, ``--``, empty).
    Letters of any script count, so a name folding to non-Latin letters is not junk.

    Parameters
    ----------
    expr
        A ``String`` expression of folded names (lower-case, like ``given_name_norm``).

    Returns
    -------
    pl.Expr
        Boolean; null where the input is null.

    Examples
    --------
    >>> df = pl.DataFrame({"n": ["valued customer", "123", "jane", None]})
    >>> df.select(junk_name(pl.col("n")))["n"].to_list()
    [True, True, False, None]
    """
    return expr.is_in(JUNK_NAMES) | ~expr.str.contains(r"\p{L}")
