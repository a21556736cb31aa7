"""Free text: undo mojibake from exports that decoded UTF-8 as Latin-1 / Windows-1252."""

from __future__ import annotations

import re

import polars as pl

from cxm.ingest.normalize._common import as_text, named_like

# Windows-1252 puts printable characters (the euro sign, curly quotes, trade mark...) where
# Latin-1 has C1 controls. Text that went through it encodes back to the original byte through
# this table; characters below 256 encode to themselves (Latin-1, including the five bytes
# Windows-1252 leaves undefined).
_CP1252_BYTES = {
    ord(bytes([b]).decode("cp1252")): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _single_bytes(text: str) -> bytes | None:
    """The bytes ``text`` was decoded from, if it could have come from a single-byte decode."""
    if all(ord(char) < 256 for char in text):
        return text.encode("latin-1")
    try:
        return bytes(ord(char) if ord(char) < 256 else _CP1252_BYTES[ord(char)] for char in text)
    except KeyError:
        return None


# A "repair" that produces C1 controls, IPA letters or spacing modifier letters was not mojibake:
# it is correct text where an upper-case accented letter happens to precede a symbol
# ("«CAFÉ»" re-encodes to the valid UTF-8 of "«CAFɻ").
_IMPLAUSIBLE = re.compile("[\u0080-\u009f\u0250-\u02ff]")


def _repair(text: str) -> str:
    """Undo UTF-8-read-as-single-byte decoding, as many times as it was applied."""
    # Decode layer after layer (each strictly shortens the text, so this ends) and keep the last
    # plausible layer. Intermediate layers of doubly-mangled text may contain C1 controls, so
    # plausibility is judged on the candidates, not used to stop early. Taking the last
    # plausible layer is what makes the repair idempotent: later layers are all implausible.
    best = text
    while not text.isascii():
        raw = _single_bytes(text)
        if raw is None:
            break
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
        if not _IMPLAUSIBLE.search(text):
            best = text
    return best


def _repair_series(values: pl.Series) -> pl.Series:
    candidates = values.filter(values.str.contains(r"[^\x00-\x7F]").fill_null(False)).unique()
    old: list[str] = []
    new: list[str] = []
    for text in candidates.to_list():
        fixed = _repair(text)
        if fixed != text:
            old.append(text)
            new.append(fixed)
    if not old:
        return values
    return values.replace(old, new)


def repair_mojibake(raw: pl.Expr) -> pl.Expr:
    """Repair text whose UTF-8 bytes were decoded as Latin-1 or Windows-1252.

    Facebook and Instagram data exports escape every UTF-8 *byte* as a code point
    (``"Caf\\u00c3\\u00a9"``), and spreadsheet round-trips do the same through Windows-1252
    (``â€™`` for a right single quote). A value is repaired when it re-encodes to single bytes
    and those bytes are valid UTF-8 (and the result contains no C1 controls or IPA letters, which
    is what the rare false positives decode to); otherwise it is returned unchanged. Correct
    text practically never passes that test (an accented letter would have to be followed by
    exactly the right symbols), so ``Café``, ``naïve``, ASCII and emoji come back as they are.
    Text mangled twice is repaired twice, so ``repair(repair(x)) == repair(x)`` for every
    ``x``.

    This is the one normalizer that runs Python per value: UTF-8 validation of a re-encoding is
    not expressible in polars, and the columns it is for (social messages) are small. It runs
    once per *unique* non-ASCII value, via ``map_batches``.

    Parameters
    ----------
    raw
        A string expression.

    Returns
    -------
    pl.Expr
        ``String``: the repaired text; nulls stay null.

    Examples
    --------
    >>> import polars as pl
    >>> smiley = "\\u00f0\\u0178\\u02dc\\u20ac"  # U+1F600 read as Windows-1252
    >>> df = pl.DataFrame({"t": ["CafÃ©", "Café", smiley + " ok"]})
    >>> df.select(repair_mojibake(pl.col("t")))["t"].to_list()
    ['Café', 'Café', '😀 ok']
    """
    repaired = as_text(raw).map_batches(_repair_series, return_dtype=pl.String, is_elementwise=True)
    return named_like(repaired, raw)
