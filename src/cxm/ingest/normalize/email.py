"""Email addresses: trimming of export artefacts and a strict-enough syntax check.

The two functions are deliberately separate: ``normalize_email`` never rejects anything (an
invalid address is still evidence an agent may want to see), ``is_valid_email`` decides whether
the normalized value may be used as a matching key.
"""

from __future__ import annotations

import polars as pl

from cxm.ingest.normalize._common import INVISIBLE, as_text, named_like, null_if_empty

# "Jane Doe <jane@example.com>": exports from mail tools keep the display name.
_ANGLE_ADDR = r"<([^<>]*@[^<>]*)>"
# Repeated, so that e.g. `<mailto:"x@y.com">` comes out clean in one pass (idempotence).
_LEADING_JUNK = r"(?i)^(?:[\s<>\"'`]|mailto:)+"
_TRAILING_JUNK = r"[\s<>\"'`]+$"

# Local part: dot-separated atoms (so no leading, trailing or doubled dot), no whitespace and
# none of the characters that only make sense in quoted local parts.
_ATOM = r"[^\s\p{Cc}@.<>()\[\]\\,;:\"]+"
_LOCAL = rf"{_ATOM}(?:\.{_ATOM})*"
# Domain: ASCII labels (internationalized domains must be in punycode, `xn--...`); no label may
# start or end with a hyphen; the top-level label has at least two letters. Explicit A-Z ranges
# rather than `(?i)` because Unicode case folding would let e.g. the Kelvin sign match `k`.
_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_TLD = r"(?:[a-zA-Z]{2,}|[xX][nN]--[a-zA-Z0-9-]+)"
_VALID = rf"^{_LOCAL}@(?:{_LABEL}\.)+{_TLD}$"
_MAX_LENGTH = 254  # RFC 5321 path limit


def normalize_email(raw: pl.Expr) -> pl.Expr:
    """Normalize an email address column for display and matching.

    Removes surrounding whitespace (including non-breaking and zero-width spaces), surrounding
    angle brackets and quotes, a leading ``mailto:``, unwraps ``Name <address>`` and lower-cases
    the result. The operation is idempotent.

    Parameters
    ----------
    raw
        A string expression (other dtypes are cast to string).

    Returns
    -------
    pl.Expr
        The normalized address, or null for null / empty input. Syntax is *not* checked; use
        :func:`is_valid_email` on the result.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"e": [" <Jane.Doe@Example.COM> ", "mailto:bob@x.org", "  "]})
    >>> df.select(normalize_email(pl.col("e")))["e"].to_list()
    ['jane.doe@example.com', 'bob@x.org', None]
    """
    text = as_text(raw).str.replace_all(f"[{INVISIBLE}]", "")
    text = pl.coalesce(text.str.extract(_ANGLE_ADDR, 1), text)
    text = text.str.replace(_LEADING_JUNK, "").str.replace(_TRAILING_JUNK, "")
    return named_like(null_if_empty(text.str.to_lowercase()), raw)


def is_valid_email(normalized: pl.Expr) -> pl.Expr:
    """Check the syntax of (normalized) email addresses.

    An address is valid when it has exactly one ``@``, a non-empty local part made of
    dot-separated runs without whitespace (no leading, trailing or consecutive dots), and a domain
    of at least two ASCII labels (letters, digits, inner hyphens) whose last label is at least two
    letters (or a punycode ``xn--`` label). Whether the domain exists is not checked.

    Parameters
    ----------
    normalized
        Usually the output of :func:`normalize_email`.

    Returns
    -------
    pl.Expr
        Boolean; null where the input is null.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"e": ["a.b@example.co.uk", "a..b@example.com", "a@localhost"]})
    >>> df.select(is_valid_email(pl.col("e")))["e"].to_list()
    [True, False, False]
    """
    text = as_text(normalized)
    valid = text.str.contains(_VALID) & (text.str.len_bytes() <= _MAX_LENGTH)
    return named_like(valid, normalized)
