"""Money amounts as exported by billing, shop and spreadsheet tools."""

from __future__ import annotations

import polars as pl

from cxm.ingest.normalize._common import INVISIBLE, as_text, named_like

# Decimal comma, only when unambiguous: 1.234,50 / 12,50 / 12,5 (but not 1,234: thousands).
_DECIMAL_COMMA = r"^(?:[0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+),[0-9]{1,2}$"
# Thousands commas, western (1,234,567.89) and Indian (12,34,567.89) grouping.
_THOUSANDS_COMMA = r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})*,[0-9]{3})(?:\.[0-9]*)?$"
# Thousands dots without decimals: 1.234.567 (a single dot stays a decimal point).
_THOUSANDS_DOT = r"^[0-9]{1,3}(?:\.[0-9]{3}){2,}$"
_PLAIN = r"^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"


def parse_amount(raw: pl.Expr) -> pl.Expr:
    """Parse money amounts to floats.

    Accepts currency symbols and ISO codes on either side (``$1,234.50``, ``USD 12.00``,
    ``12.00 EUR``, ``€ 12,50``), thousands separators (commas, spaces, apostrophes, and dots
    when there are at least two groups), a decimal comma when unambiguous (``1.234,50``,
    ``12,50``; but ``1,234`` is one thousand two hundred thirty-four), negatives written
    ``-12.00``, ``12.00-`` or in accounting parentheses ``(12.00)``, and a leading apostrophe.

    Parameters
    ----------
    raw
        A string expression (other dtypes are cast to string).

    Returns
    -------
    pl.Expr
        ``Float64``; null for null input and values that are not an amount.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"a": ["$1,234.50", "€ 12,50", "(12.00)", "USD -3", "n/a"]})
    >>> df.select(parse_amount(pl.col("a")))["a"].to_list()
    [1234.5, 12.5, -12.0, -3.0, None]
    """
    text = as_text(raw).str.replace_all(rf"[\s{INVISIBLE}'\u2019]+|\p{{Sc}}", "")
    parenthesized = text.str.contains(r"^\(.*\)$")
    text = text.str.strip_prefix("(").str.strip_suffix(")")
    # Currency codes and abbreviations (USD, EUR, Rs., kr) at either end.
    text = text.str.replace(r"^[A-Za-z]{1,3}\.?", "").str.replace(r"[A-Za-z]{1,3}\.?$", "")
    minus = text.str.contains(r"^-|-$")
    text = text.str.replace(r"^[+-]|-$", "")
    number = (
        pl.when(text.str.contains(_DECIMAL_COMMA))
        .then(text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(text.str.contains(_THOUSANDS_COMMA))
        .then(text.str.replace_all(",", "", literal=True))
        .when(text.str.contains(_THOUSANDS_DOT))
        .then(text.str.replace_all(".", "", literal=True))
        .when(text.str.contains(_PLAIN))
        .then(text)
    )
    value = number.cast(pl.Float64, strict=False)
    return named_like(pl.when(parenthesized | minus).then(-value).otherwise(value), raw)
