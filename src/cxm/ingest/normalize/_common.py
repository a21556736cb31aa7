"""Small expression helpers shared by the normalizers (not public API)."""

from __future__ import annotations

import polars as pl

#: Invisible format characters that survive ``strip`` but break equality: zero-width space and
#: joiners, left-to-right / right-to-left marks, word joiner, byte-order mark.
INVISIBLE = r"\u200b-\u200f\u2060\ufeff"


def as_text(raw: pl.Expr) -> pl.Expr:
    """Cast to ``String`` so numeric-coerced columns (ids read as floats, ...) are accepted."""
    return raw.cast(pl.String)


def null_if_empty(expr: pl.Expr) -> pl.Expr:
    """``expr`` with empty strings replaced by null."""
    # Not when(len > 0).then(expr): outside a lazy query polars would evaluate ``expr`` twice.
    return expr.replace("", None)


def squash_spaces(expr: pl.Expr) -> pl.Expr:
    """Collapse runs of whitespace and control characters to one space and trim the ends."""
    return expr.str.replace_all(r"[\s\p{Cc}]+", " ").str.strip_chars(" ")


# Letters that NFKD does not decompose but that people type without the diacritic, plus the
# full case-folding cases that `to_lowercase` leaves alone (ß, final sigma).
FOLD_MAP = {
    "ß": "ss",
    "\u03c2": "\u03c3",  # final sigma -> sigma
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "\u0131": "i",  # dotless i
}


def fold_core(text: pl.Expr) -> pl.Expr:
    """NFKD, drop combining marks and invisible format characters, lower-case, case-fold."""
    return (
        text.str.normalize("NFKD")
        .str.replace_all(r"[\p{M}\p{Cf}]+", "")
        .str.to_lowercase()
        .str.replace_many(FOLD_MAP)
    )


def named_like(result: pl.Expr, raw: pl.Expr) -> pl.Expr:
    """Give ``result`` the output name of ``raw``, as polars' own methods keep a column's name.

    Left alone when ``raw`` has no name of its own (``pl.element()`` inside ``list.eval``).
    """
    name = raw.meta.output_name(raise_if_undetermined=False)
    return result if name is None else result.alias(name)
