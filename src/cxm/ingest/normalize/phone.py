"""Phone numbers to E.164, vectorized for the common formats.

``phonenumbers`` is correct but costs tens of microseconds per value, which is minutes per file
at CRM volumes. So the work is staged, each stage only seeing what the previous one left over:

1. **First pass, every row** (a literal ``replace_many`` and one anchored regex): punctuation and
   spaces dropped, then NANP numbers (``(555) 010-1234``, ``+1 555 010 1234``, ``1-555-...``)
   when the default region is in the NANP, and ``+``/``00``-prefixed numbers whose country code,
   length and leading digits make the answer certain (see :func:`_fast_e164`).
2. **Careful cleaning, leftovers only**: Excel guards (leading apostrophe), ``tel:`` URIs,
   extensions, float-coerced and scientific-notation values; then the first-pass rules again.
3. **phonenumbers, per unique leftover value**: national numbers of non-NANP regions, trunk
   prefixes inside international numbers (``+44 (0)20...``), vanity numbers, and everything odd.

The fast paths are *exactly* what ``phonenumbers`` would answer (tests check this property on
random numbers of every country code), so the staging is an optimization, not a second opinion.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
import polars as pl
from phonenumbers import PhoneNumberFormat, ValidationResult

from cxm.ingest.normalize._common import INVISIBLE

# Punctuation people put between digit groups. `replace_many` is a literal (Aho-Corasick) pass,
# about 30% cheaper than the equivalent regex class on the hot path.
_FIRST_PASS_PUNCT = [" ", "(", ")", "-", ".", "/", "\u00a0", "\t"]
_PUNCT = r"[\s().\-/\[\]\u00ad\u2010-\u2015\u2212~·]"
_NANP_FAST = r"^(?:(?:\+|00|011)?1)?[2-9][0-9]{9}$"
_PLUS_DIGITS = r"^\+[1-9][0-9]{5,16}$"

_QUOTES = r"'\"`\u2018\u2019"
_LEADING_JUNK = rf"(?i)^(?:[\s{_QUOTES}]|tel:|callto:|sip:)+"
_TRAILING_JUNK = rf"[\s{_QUOTES}]+$"
_EXTENSION = r"(?i)\s*[,;]?\s*(?:extension|ext\.?|ext=|x\.?|#)\s*[:.]?\s*[0-9]{1,7}\s*$"
_FLOAT_COERCED = r"^(\+?[0-9]{6,})\.0+$"
_SCIENTIFIC = r"^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,2}$"
_MIN_DIGITS_FOR_LIBRARY = 3  # fewer digits cannot be a phone number, even a vanity one


@dataclass(frozen=True)
class _RegionRules:
    """What the fast paths need to know about the default region."""

    region: str
    nanp: bool  # country code 1: national numbers are [2-9]XX[2-9]XXXXXX, "011" is the IDD
    idd_00: bool  # "00" is this region's international dialling prefix
    # Digit strings starting 2-9 that are not 10 long cannot be possible numbers here (no trunk
    # prefix to strip, no country code to find): true in the NANP except where a 7-digit local
    # number gets an area code prepended (Bahamas, Antigua...).
    short_digits_impossible: bool


@dataclass(frozen=True)
class _CountryTable:
    """Country-code metadata for the ``+CC NSN`` fast path, derived from phonenumbers."""

    by_length: dict[int, list[str]]  # 1/2/3 -> country codes of that length
    possible: list[str]  # "CC:length" for every possible (not local-only) NSN length
    prefix_patterns: dict[str, str]  # CC -> anchored regex of its national prefix for parsing


@functools.cache
def _region_rules(region: str) -> _RegionRules:
    region = region.upper()
    country_code = phonenumbers.country_code_for_region(region)
    if country_code == 0:
        message = f"unknown phone region {region!r}: expected an ISO 3166-1 alpha-2 code"
        raise ValueError(message)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    idd = metadata.international_prefix if metadata is not None else None
    idd_00 = idd is not None and re.fullmatch(idd, "00") is not None
    nanp = country_code == 1
    simple_trunk = metadata is not None and metadata.national_prefix_for_parsing in (None, "1")
    return _RegionRules(
        region=region, nanp=nanp, idd_00=idd_00, short_digits_impossible=nanp and simple_trunk
    )


@functools.cache
def _country_table() -> _CountryTable:
    by_length: dict[int, list[str]] = {1: [], 2: [], 3: []}
    possible: list[str] = []
    prefix_patterns: dict[str, str] = {}
    for code in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        main_region = phonenumbers.region_code_for_country_code(code)
        metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, main_region)
        if metadata is None or metadata.general_desc is None:
            continue
        general = metadata.general_desc
        local_only = set(general.possible_length_local_only)
        lengths = [n for n in general.possible_length if n > 0 and n not in local_only]
        if not lengths:
            continue
        cc = str(code)
        by_length[len(cc)].append(cc)
        possible.extend(f"{cc}:{n}" for n in lengths)
        # A number whose NSN starts with something the national prefix pattern could strip is
        # left to the library, which has the rules for when stripping applies.
        if metadata.national_prefix_for_parsing:
            prefix_patterns[cc] = f"^(?:{metadata.national_prefix_for_parsing})"
    return _CountryTable(by_length=by_length, possible=possible, prefix_patterns=prefix_patterns)


def _fast_e164(plus: pl.Series) -> pl.Series:
    """E.164 for ``+<digits>`` strings whose parse is certain, null for the rest.

    Certain means: the country code exists, the remaining national significant number has one of
    the country's possible lengths (local-only lengths excluded), and it does not start with
    anything the country's national prefix pattern could strip (``+44 0 20...``). For such input
    ``phonenumbers`` returns the digits unchanged, so we can too.
    """
    table = _country_table()
    digits = pl.col("plus").str.slice(1)
    cc = (
        pl.when(digits.str.slice(0, 1).is_in(table.by_length[1]))
        .then(digits.str.slice(0, 1))
        .when(digits.str.slice(0, 2).is_in(table.by_length[2]))
        .then(digits.str.slice(0, 2))
        .when(digits.str.slice(0, 3).is_in(table.by_length[3]))
        .then(digits.str.slice(0, 3))
    )
    frame = pl.DataFrame({"plus": plus}).with_columns(
        pl.when(pl.col("plus").str.contains(_PLUS_DIGITS)).then(cc).alias("cc")
    )
    nsn = digits.str.slice(pl.col("cc").str.len_bytes())
    key = pl.format("{}:{}", pl.col("cc"), nsn.str.len_bytes())
    pattern = pl.col("cc").replace_strict(
        table.prefix_patterns, default=None, return_dtype=pl.String
    )
    stripped = nsn.str.contains(pattern).fill_null(False)
    out = frame.select(
        pl.when(key.is_in(table.possible) & ~stripped).then(pl.col("plus")).alias("e164")
    )
    return out.get_column("e164")


def _classify(cleaned: pl.Series, rules: _RegionRules) -> pl.Series:
    """The vectorized rules on punctuation-free strings: E.164 or null (null = not decided)."""
    frame = pl.DataFrame({"c": cleaned})
    c = pl.col("c")
    idd: str | None
    if rules.nanp:
        nanp = pl.when(c.str.contains(_NANP_FAST)).then(pl.lit("+1") + c.str.slice(-10))
        result = frame.select(nanp.alias("r")).get_column("r")
        idd = r"^(?:00|011)"
    else:
        result = pl.repeat(None, len(cleaned), dtype=pl.String, eager=True).alias("r")
        idd = r"^00" if rules.idd_00 else None
    international = result.is_null() & cleaned.str.starts_with("+").fill_null(False)
    if idd is not None:
        international = international | (
            result.is_null() & cleaned.str.contains(idd).fill_null(False)
        )
    index = international.arg_true()
    if len(index) == 0:
        return result
    plus = cleaned.gather(index)
    if idd is not None:
        plus = plus.str.replace(idd, "+")
    return result.scatter(index, _fast_e164(plus))


def _careful_clean(values: pl.Series) -> pl.Series:
    """Undo export artefacts on the values the first pass could not decide."""
    text = pl.col("v").str.replace_all(f"[{INVISIBLE}]", "")
    text = text.str.replace(_LEADING_JUNK, "").str.replace(_TRAILING_JUNK, "")
    text = text.str.replace(_EXTENSION, "").str.replace(_FLOAT_COERCED, "${1}")
    # 1.5550101234E+10 is how Excel shows a phone column it took for numbers; Float64 parsing of
    # the decimal string is exact for integers below 2**53, which covers every E.164 length.
    as_float = text.cast(pl.Float64, strict=False)
    scientific = (
        pl.when(text.str.contains(_SCIENTIFIC) & (as_float == as_float.floor()) & (as_float < 1e17))
        .then(as_float.cast(pl.Int64).cast(pl.String))
        .otherwise(text)
    )
    frame = pl.DataFrame({"v": values})
    return frame.select(scientific.str.replace_all(_PUNCT, "").alias("v")).get_column("v")


def _parse_one(value: str, rules: _RegionRules) -> str | None:
    """The library's answer for one cleaned value (possible-number semantics, E.164)."""
    candidates = [value]
    if value.startswith("00"):
        # "00" is the international prefix in most of the world and what people type; in the
        # NANP (IDD 011) a national number cannot start with 0, so the "+" reading goes first.
        plus = "+" + value[2:]
        candidates = [plus, value] if rules.nanp or rules.idd_00 else [value, plus]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, rules.region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number_with_reason(number) == ValidationResult.IS_POSSIBLE:
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return None


def _library(values: pl.Series, rules: _RegionRules) -> pl.Series:
    """Run :func:`_parse_one` once per unique value and map the answers back."""
    unique = values.drop_nulls().unique()
    if len(unique) == 0:
        return pl.repeat(None, len(values), dtype=pl.String, eager=True).alias(values.name)
    old = unique.to_list()
    new = [_parse_one(value, rules) for value in old]
    return values.replace_strict(old, new, default=None, return_dtype=pl.String)


def _as_text(raw: pl.Series) -> pl.Series:
    """Strings from any column dtype; whole floats (``15550101234.0``) lose their ``.0``."""
    if raw.dtype == pl.String:
        return raw
    if raw.dtype.is_float():
        whole = raw.is_finite() & (raw == raw.floor()) & (raw.abs() < 1e17)
        frame = pl.DataFrame({"x": raw, "whole": whole})
        return frame.select(
            pl.when(pl.col("whole")).then(pl.col("x").cast(pl.Int64)).cast(pl.String)
        ).to_series()
    return raw.cast(pl.String)


def normalize_phones(raw: pl.Series, default_region: str = "US") -> pl.Series:
    """Normalize a column of phone numbers to E.164.

    Handles punctuation and spaces, a leading apostrophe (Excel guard), ``tel:`` URIs, extensions
    (``x123``, ``ext. 123``, ``#123``; dropped), float-coerced values (``5550101234.0``),
    scientific notation (``1.5550101234E+10``), the ``00`` and (NANP) ``011`` international
    prefixes, national numbers of ``default_region`` and numbers already in E.164.

    Semantics are *possible* numbers, not valid ones: only the length is checked against the
    country's numbering plan, so fictional numbers such as ``(555) 010-1234`` are kept. Unlike
    ``phonenumbers.is_possible_number``, lengths that are only dialable locally (US 7-digit
    numbers) are rejected, because they have no E.164 form. And a leading ``00`` is always read as
    an international prefix, also in the NANP where the library only knows ``011``.

    Parameters
    ----------
    raw
        Phone numbers; strings, or numbers if a reader coerced the column.
    default_region
        ISO 3166-1 alpha-2 region used for numbers written without a country code.

    Returns
    -------
    pl.Series
        ``String`` series of the same length and name: E.164 strings, null where the value
        cannot be a phone number.

    Raises
    ------
    ValueError
        If ``default_region`` is not a region phonenumbers knows.

    Examples
    --------
    >>> import polars as pl
    >>> normalize_phones(pl.Series(["(555) 010-1234", "'+31612345678", "n/a"])).to_list()
    ['+15550101234', '+31612345678', None]
    """
    rules = _region_rules(default_region)
    text = _as_text(raw)
    first = text.str.strip_suffix(".0").str.replace_many(
        _FIRST_PASS_PUNCT, [""] * len(_FIRST_PASS_PUNCT)
    )
    result = _classify(first, rules).alias(raw.name)
    leftover = (result.is_null() & text.is_not_null()).arg_true()
    if len(leftover) == 0:
        return result
    cleaned = _careful_clean(text.gather(leftover))
    second = _classify(cleaned, rules)
    undecided = second.is_null() & (
        cleaned.str.count_matches(r"\d") >= _MIN_DIGITS_FOR_LIBRARY
    ).fill_null(False)
    if rules.short_digits_impossible:
        # Local 7-digit numbers and digit typos: common, unique, and never an answer.
        undecided = undecided & ~cleaned.str.contains(r"^[2-9][0-9]*$").fill_null(False)
    undecided = undecided.arg_true()
    if len(undecided) > 0:
        second = second.scatter(undecided, _library(cleaned.gather(undecided), rules))
    return result.scatter(leftover, second)
