"""Personal names: a Unicode fold for matching, and splitting full names into parts.

Everything is polars string expressions (regex, ``replace_many``), so it runs over whole columns
and inside ``list.eval``.
"""

from __future__ import annotations

import polars as pl

from cxm.ingest.normalize._common import (
    as_text,
    fold_core,
    named_like,
    null_if_empty,
    squash_spaces,
)

# Typographic apostrophes, and the backtick/acute people use as one. Removed before NFKD, which
# would otherwise turn the acute accent into a space plus a (dropped) combining mark.
_APOSTROPHES = r"['`\u2018\u2019\u00b4\u02bc]"

_HONORIFIC = r"(?:mr|mrs|ms|miss|mx|dr|prof|sir|rev)"
_LEADING_HONORIFICS = rf"(?i)^(?:{_HONORIFIC}(?:\.\s*|\s+|$))+"
_SUFFIX = r"(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?d|esq|dds|cpa)"
_TRAILING_SUFFIXES = rf"(?i)(?:[\s,]+{_SUFFIX}\.?)+\s*$"
_SUFFIXES_BEFORE_COMMA = rf"(?i)(?:[\s,]+{_SUFFIX}\.?)+\s*,"
# Family-name particles: when they sit right before the last token they belong to the family name
# ("Ludwig van Beethoven", "Juan Carlos de la Cruz").
_PARTICLE = (
    r"(?:van|von|der|den|de|del|della|dei|di|da|das|dos|do|du|la|le|ter|ten|te|bin|ibn|al|el"
    r"|st\.?|saint)"
)
# given, then (lazily, so the family name takes all the particles it can) middle, then family.
_GIVEN_MIDDLE_FAMILY = (
    rf"^(?P<given>\S+)(?:\s+(?P<middle>.+?))??\s+(?P<family>(?i:{_PARTICLE}\s+)*\S+)$"
)
_FAMILY_COMMA_REST = r"^(?P<family>[^,]*),(?P<rest>.*)$"
_FIRST_REST = r"^(?P<given>\S+)(?:\s+(?P<middle>.+))?$"


def fold_text(raw: pl.Expr) -> pl.Expr:
    """Fold text for matching: compatibility-decompose, strip marks, case-fold, squash spaces.

    NFKD turns full-width and ligature forms into plain letters and splits accented letters into
    base letter plus combining mark; the marks (and invisible format characters) are removed,
    the rest lower-cased and case-folded (``ß`` → ``ss``, final sigma → sigma). A few letters
    without a decomposition are transliterated as people type them without a keyboard layout
    (``ø`` → ``o``, ``æ`` → ``ae``, ``ł`` → ``l``, dotless i → ``i``...). Runs of whitespace and
    control characters become one space; the ends are trimmed.

    Parameters
    ----------
    raw
        A string expression (other dtypes are cast to string).

    Returns
    -------
    pl.Expr
        The folded string; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"s": ["  Straße\u00a0 Ørsted ", "ＣＡＦÉ"]})
    >>> df.select(fold_text(pl.col("s")))["s"].to_list()
    ['strasse orsted', 'cafe']
    """
    return named_like(null_if_empty(squash_spaces(fold_core(as_text(raw)))), raw)


def normalize_name(raw: pl.Expr) -> pl.Expr:
    """Normalize a name (part) for matching.

    :func:`fold_text`, plus: periods and apostrophes are deleted (``O'Brien`` → ``obrien``,
    ``J.R.`` → ``jr``), and hyphens and any other punctuation become a space
    (``Smith-Jones`` → ``smith jones``). Hyphens are spaced rather than deleted because
    double-barrelled names are written both hyphenated and not, and token-level comparison then
    sees the same tokens either way. Honorifics and suffixes are *not* removed here; that is
    :func:`split_full_name`'s job.

    Parameters
    ----------
    raw
        A string expression.

    Returns
    -------
    pl.Expr
        The normalized name; null for null or blank input (or input made only of punctuation).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"n": ["O'Brien", "Anne-Marie  Dupré", "J.R."]})
    >>> df.select(normalize_name(pl.col("n")))["n"].to_list()
    ['obrien', 'anne marie dupre', 'jr']
    """
    text = as_text(raw).str.replace_all(rf"{_APOSTROPHES}|\.", "")
    text = fold_core(text).str.replace_all(r"[^\p{L}\p{N}\s]+", " ")
    return named_like(null_if_empty(squash_spaces(text)), raw)


def split_full_name(full: pl.Expr) -> pl.Expr:
    """Split full names into given, middle and family name.

    Recognized shapes: ``Last, First [Middle...]``, ``First Last``, ``First Middle... Last`` and a
    single token (given name only). Leading honorifics (``Mr``, ``Mrs``, ``Ms``, ``Miss``, ``Mx``,
    ``Dr``, ``Prof``, ``Sir``, ``Rev``; with or without a period) and trailing suffixes (``Jr``,
    ``Sr``, ``II``, ``III``, ``IV``, ``PhD``, ``MD``, ``Esq``...) are dropped. Family-name particles
    directly before the last token stay in the family name (``van der Berg``, ``de la Cruz``).
    When an honorific was present and a single token remains (``Mr. Smith``), that token is the
    family name.

    Parameters
    ----------
    full
        A string expression with whole names.

    Returns
    -------
    pl.Expr
        ``Struct`` with ``String`` fields ``given``, ``middle`` and ``family``: original casing,
        whitespace trimmed and collapsed, null when absent.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"n": ["Dr. Juan Carlos de la Cruz Jr.", "Smith, Jane A."]})
    >>> df.select(split_full_name(pl.col("n"))).unnest("n").rows()
    [('Juan', 'Carlos', 'de la Cruz'), ('Jane', 'A.', 'Smith')]
    """
    text = squash_spaces(as_text(full))
    had_honorific = text.str.contains(_LEADING_HONORIFICS)
    text = (
        text.str.replace(_LEADING_HONORIFICS, "")
        .str.replace(_SUFFIXES_BEFORE_COMMA, ",")
        .str.replace(_TRAILING_SUFFIXES, "")
    )
    comma = text.str.extract_groups(_FAMILY_COMMA_REST)
    comma_family = null_if_empty(comma.struct.field("family").str.strip_chars(" "))
    comma_rest = squash_spaces(comma.struct.field("rest").str.replace_all(",", " ")).str.replace(
        _LEADING_HONORIFICS, ""
    )
    comma_parts = comma_rest.str.extract_groups(_FIRST_REST)

    plain = text.str.extract_groups(_GIVEN_MIDDLE_FAMILY)
    single = text.str.contains(r"^\S+$")
    has_comma = text.str.contains(",")

    given = (
        pl.when(has_comma)
        .then(comma_parts.struct.field("given"))
        .when(single & had_honorific)
        .then(None)
        .when(single)
        .then(text)
        .otherwise(plain.struct.field("given"))
    )
    middle = (
        pl.when(has_comma)
        .then(comma_parts.struct.field("middle"))
        .otherwise(plain.struct.field("middle"))
    )
    family = (
        pl.when(has_comma)
        .then(comma_family)
        .when(single & had_honorific)
        .then(text)
        .otherwise(plain.struct.field("family"))
    )
    parts = pl.struct(
        null_if_empty(given).alias("given"),
        null_if_empty(middle).alias("middle"),
        null_if_empty(family).alias("family"),
    )
    return named_like(parts, full)
