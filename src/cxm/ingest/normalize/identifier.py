"""Record ids and social handles: strings, with the damage spreadsheets do undone."""

from __future__ import annotations

import polars as pl

from cxm.ingest.normalize._common import INVISIBLE, as_text, named_like, null_if_empty

_SCIENTIFIC = r"^(?P<lead>[1-9])\.(?P<frac>[0-9]+)[eE]\+?(?P<exp>[0-9]{1,2})$"
_SALESFORCE_15 = r"^[a-zA-Z0-9]{15}$"
_CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

_SOCIAL_HOSTS = (
    r"(?:twitter\.com|x\.com|instagram\.com|facebook\.com|fb\.com|tiktok\.com|threads\.net"
    r"|linkedin\.com/in)"
)
_HANDLE_URL = rf"(?i)^(?:https?://)?(?:www\.|m\.|mobile\.)?{_SOCIAL_HOSTS}/+"


def _strip(raw: pl.Expr) -> pl.Expr:
    text = as_text(raw).str.replace_all(f"[{INVISIBLE}]", "").str.strip_chars()
    return text.str.replace(r"^['\u2018\u2019]+", "").str.strip_chars()


def clean_id(raw: pl.Expr) -> pl.Expr:
    """Clean record identifiers (kept as strings).

    Strips whitespace and a leading apostrophe (Excel's text guard), turns float-coerced ids back
    into integers (``12345.0`` → ``12345``) and expands scientific notation when the mantissa
    holds every digit (``1.23456789012E+11`` → ``123456789012``). When it does not
    (``1.23E+11``), the digits were lost in the export and guessing them could merge two
    customers, so the value is kept as written. Case and leading zeros are preserved.

    Parameters
    ----------
    raw
        A string expression (numeric columns are cast to string first).

    Returns
    -------
    pl.Expr
        The cleaned id; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"id": [" '00123 ", "12345.0", "1.23456789012E+11", "1.23E+11"]})
    >>> df.select(clean_id(pl.col("id")))["id"].to_list()
    ['00123', '12345', '123456789012', '1.23E+11']
    """
    text = _strip(raw).str.replace(r"^([0-9]+)\.0+$", "${1}")
    sci = text.str.extract_groups(_SCIENTIFIC)
    frac = sci.struct.field("frac")
    exact = frac.str.len_bytes().cast(pl.Int32) == sci.struct.field("exp").cast(
        pl.Int32, strict=False
    )
    expanded = pl.when(exact).then(pl.concat_str(sci.struct.field("lead"), frac))
    return named_like(null_if_empty(pl.coalesce(expanded, text)), raw)


def salesforce_id18(raw: pl.Expr) -> pl.Expr:
    """Canonical 18-character Salesforce ids.

    Salesforce ids are case-sensitive in their 15-character form; the 18-character form appends
    a case-insensitive checksum, so tools that lose case still match. For each of the three
    5-character chunks, bit *i* is set when character *i* is an upper-case letter; the 5-bit
    number indexes ``ABCDEFGHIJKLMNOPQRSTUVWXYZ012345``. Computed with string expressions, no
    per-value Python.

    Parameters
    ----------
    raw
        A string expression.

    Returns
    -------
    pl.Expr
        15-character alphanumeric ids with their checksum appended; 18-character ids and any
        other value returned stripped but otherwise unchanged; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"id": ["001A0000006Vm9r", "001A0000006Vm9rIAC", "x"]})
    >>> df.select(salesforce_id18(pl.col("id")))["id"].to_list()
    ['001A0000006Vm9rIAC', '001A0000006Vm9rIAC', 'x']
    """
    text = null_if_empty(_strip(raw))
    upper_bits = text.str.replace_all(r"[^A-Z]", "0").str.replace_all(r"[A-Z]", "1")
    alphabet = dict(enumerate(_CHECKSUM_ALPHABET))
    checksum = pl.concat_str(
        [
            # Bit i is character i, so read the chunk right to left as a binary number.
            upper_bits.str.slice(5 * chunk, 5)
            .str.reverse()
            .str.to_integer(base=2, strict=False)
            .replace_strict(alphabet, default=None, return_dtype=pl.String)
            for chunk in range(3)
        ]
    )
    canonical = pl.when(text.str.contains(_SALESFORCE_15)).then(text + checksum).otherwise(text)
    return named_like(canonical, raw)


def normalize_handle(raw: pl.Expr) -> pl.Expr:
    """Normalize social media handles.

    Strips whitespace, profile URL prefixes (``https://twitter.com/``, ``x.com/``,
    ``instagram.com/``, ``facebook.com/``, ``tiktok.com/``..., with or without scheme and
    ``www.``), a leading ``@``, anything from the first ``/``, ``?`` or ``#`` on, and lower-cases
    (handles are case-insensitive on every major network). Facebook's
    ``profile.php?id=123`` URLs give the numeric id.

    Parameters
    ----------
    raw
        A string expression.

    Returns
    -------
    pl.Expr
        The handle; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"h": ["@Jack", "https://www.instagram.com/jane.doe/?hl=en", " "]})
    >>> df.select(normalize_handle(pl.col("h")))["h"].to_list()
    ['jack', 'jane.doe', None]
    """
    text = as_text(raw).str.replace_all(f"[{INVISIBLE}]", "").str.strip_chars()
    path = text.str.replace(_HANDLE_URL, "")
    profile_id = path.str.extract(r"(?i)^profile\.php\?(?:.*&)?id=([0-9]+)", 1)
    handle = path.str.replace(r"^@+", "").str.replace(r"[/?#].*$", "")
    handle = pl.coalesce(profile_id, handle).str.strip_chars().str.to_lowercase()
    return named_like(null_if_empty(handle), raw)
