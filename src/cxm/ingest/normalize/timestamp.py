"""Dates and timestamps in whatever format each department's tool exports, to UTC.

One column may mix formats (a CRM export merged from two systems, a hand-edited sheet). The
*general path* classifies each value by anchored regexes into a family (ISO 8601, compact ISO,
numeric ``a/b/yyyy``, month names, Twitter/ctime, Excel serials, Unix epochs), extracts its parts
as integers, validates them (no 30 February, no hour 25) and builds the datetime from the parts:
an explicit UTC offset is subtracted as a duration, naive values are localized in ``assume_tz``.

That path costs about 1.5 s per million values. Real columns are mostly one or two machine
formats, so values whose *shape* is one of a few common ones (ISO with or without seconds, zone
or offset; US ``m/d/yyyy`` with 12- or 24-hour time) go through polars' native parser first, ten
times faster, and only the rest take the general path. The staging runs in ``map_batches`` over
whole columns (no per-value Python); tests check that both paths agree on random values of every
fast shape.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from cxm.ingest.normalize._common import as_text, named_like

_UTC = pl.Datetime("us", "UTC")

_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)"
_TIME = (
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<frac>[0-9]{1,9}))?)?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?"
)
# Offsets, and the zone abbreviations US tools print; a zone name can only mean its offset.
_ZONE = (
    r"(?:\s*(?P<zone>z|utc|gmt|[ecmp][sd]t"
    r"|(?:utc|gmt)?(?P<zsign>[+-])(?P<zh>[0-9]{2})(?::?(?P<zm>[0-9]{2}))?))?"
)
_TIME_SEP = r"(?:t|\s+|,\s*|\s+at\s+)"

_FAMILIES = {
    # 2024-03-15, 2024-03-15T14:30:00.123Z, 2024/03/15 14:30 +02:00, 2024-01-01 11:13:25 -0500
    "iso": (
        rf"(?i)^(?P<year>[0-9]{{4}})[-/.](?P<month>[0-9]{{1,2}})[-/.](?P<day>[0-9]{{1,2}})"
        rf"(?:{_TIME_SEP}{_TIME})?{_ZONE}$"
    ),
    # 20240315, 20240315T143000Z
    "compact": (
        r"(?i)^(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})"
        r"(?:t(?P<hour>[0-9]{2})(?P<minute>[0-9]{2})(?P<second>[0-9]{2})?"
        rf"(?:[.,](?P<frac>[0-9]{{1,9}}))?)?{_ZONE}$"
    ),
    # 3/15/2024 2:30 PM, 15.03.2024 14:30, 3-15-24 (month or day first: the caller says)
    "numeric": (
        r"(?i)^(?P<first>[0-9]{1,2})[-/.](?P<second_part>[0-9]{1,2})[-/.]"
        rf"(?P<year>[0-9]{{4}}|[0-9]{{2}})(?:{_TIME_SEP}{_TIME})?{_ZONE}$"
    ),
    # 15 March 2024, Fri, 15 Mar 2024 14:30:00 +0000 (RFC 2822), 15-Mar-2024
    "day_month_name": (
        rf"(?i)^{_WEEKDAY}?(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?[\s\-/]+(?P<mon>[a-z]{{3,9}})\.?,?"
        rf"[\s\-/]+(?P<year>[0-9]{{4}})(?:{_TIME_SEP}{_TIME})?{_ZONE}$"
    ),
    # March 15, 2024, Mar 15 2024 2:30 PM, Friday, March 15th, 2024 at 2:30 PM
    "month_name_day": (
        rf"(?i)^{_WEEKDAY}?(?P<mon>[a-z]{{3,9}})\.?\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?"
        rf"\s+(?P<year>[0-9]{{4}})(?:{_TIME_SEP}{_TIME})?{_ZONE}$"
    ),
    # Wed Oct 10 20:19:24 +0000 2018 (Twitter), Wed Oct 10 20:19:24 2018 (ctime)
    "twitter": (
        rf"(?i)^{_WEEKDAY}?(?P<mon>[a-z]{{3}})\s+(?P<day>[0-9]{{1,2}})\s+{_TIME}{_ZONE}"
        r"\s+(?P<year>[0-9]{4})$"
    ),
}
_NUMBER = r"^(?P<int>[0-9]+)(?:\.(?P<dec>[0-9]+))?$"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ["jan", "january"],
            ["feb", "february"],
            ["mar", "march"],
            ["apr", "april"],
            ["may"],
            ["jun", "june"],
            ["jul", "july"],
            ["aug", "august"],
            ["sep", "sept", "september"],
            ["oct", "october"],
            ["nov", "november"],
            ["dec", "december"],
        ],
        start=1,
    )
    for name in names
}
_ZONE_MINUTES = {
    "z": 0, "utc": 0, "gmt": 0,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
}  # fmt: skip

_STRIP = " \t\r\n\u00a0\u200b\u200e\u200f\ufeff'\"`\u2018\u2019"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_DATETIME_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10
_EXCEL_DATE_RANGE = (10_000, 80_000)  # birth dates go back to 1927
_US_PER_DAY = 86_400_000_000


def _clean(raw: pl.Expr) -> pl.Expr:
    # Only the ends: the patterns allow any run of whitespace inside. `strip_chars` is a plain
    # scan, several times cheaper than a regex replace.
    return as_text(raw).str.strip_chars(_STRIP)


def _int(part: pl.Expr) -> pl.Expr:
    return part.cast(pl.Int32, strict=False)


def _month_number(name: pl.Expr) -> pl.Expr:
    return name.str.to_lowercase().replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)


def _offset_minutes(with_zone: list[str]) -> pl.Expr:
    """UTC offset in minutes from the zone groups; null when the value has no zone."""
    named = (
        _field("zone", with_zone)
        .str.to_lowercase()
        .replace_strict(_ZONE_MINUTES, default=None, return_dtype=pl.Int32)
    )
    minutes = _int(_field("zh", with_zone)) * 60 + _int(_field("zm", with_zone)).fill_null(0)
    sign = _field("zsign", with_zone)
    return pl.coalesce(pl.when(sign == "-").then(-minutes).otherwise(minutes), named)


def _two_digit_year(year: pl.Expr, pivot: int) -> pl.Expr:
    """``yy`` above ``pivot`` is 19yy, else 20yy; four-digit years pass through."""
    yy = _int(year)
    expanded = pl.when(yy > pivot).then(yy + 1900).otherwise(yy + 2000)
    return pl.when(year.str.len_bytes() == 2).then(expanded).otherwise(yy)


def _field(name: str, families: list[str]) -> pl.Expr:
    """``name`` from the first of ``families`` that matched (and has such a group)."""
    having = [f for f in families if f"(?P<{name}>" in _FAMILIES[f]]
    return pl.coalesce([pl.field(f).struct.field(name) for f in having])


def _parts(raw: pl.Expr, *, day_first: bool, pivot: int) -> pl.Expr:
    """A struct of the integer parts of each value (null where it has no such part).

    Built as a chain of ``struct.with_fields`` stages so that every regex runs exactly once per
    value; the same expressions written as one tree would be re-evaluated at every use.
    Fields: ``year month day hour minute second microsecond offset`` (Int32, offset in minutes,
    null for naive values), ``valid`` (date exists, time in range), ``number_int`` and
    ``number_dec`` (plain numbers).
    """
    families = pl.struct(_clean(raw).alias("text")).struct.with_fields(
        *(
            pl.field("text").str.extract_groups(pattern).alias(f)
            for f, pattern in _FAMILIES.items()
        ),
        pl.field("text").str.extract_groups(_NUMBER).alias("number"),
    )
    numeric = pl.field("numeric")
    named = ["day_month_name", "month_name_day", "twitter"]
    with_time = ["iso", "compact", "numeric", *named]
    month_of_numeric = numeric.struct.field("second_part" if day_first else "first")
    day_of_numeric = numeric.struct.field("first" if day_first else "second_part")
    strings = families.struct.with_fields(
        pl.coalesce(
            _int(_field("year", ["iso", "compact", *named])),
            _two_digit_year(numeric.struct.field("year"), pivot),
        ).alias("year"),
        pl.coalesce(
            _int(_field("month", ["iso", "compact"])),
            _int(month_of_numeric),
            _month_number(_field("mon", named)),
        ).alias("month"),
        _int(pl.coalesce(_field("day", ["iso", "compact", *named]), day_of_numeric)).alias("day"),
        _int(_field("hour", with_time)).alias("hour"),
        _field("ampm", with_time).str.to_lowercase().alias("ampm"),
        _int(_field("minute", with_time)).fill_null(0).alias("minute"),
        _int(_field("second", with_time)).fill_null(0).alias("second"),
        _int(_field("frac", with_time).str.slice(0, 6).str.pad_end(6, "0"))
        .fill_null(0)
        .alias("microsecond"),
        _offset_minutes(with_time).alias("offset"),
        _int(_field("zh", with_time)).alias("offset_hours"),
        _int(_field("zm", with_time)).fill_null(0).alias("offset_minutes"),
        pl.field("number").struct.field("int").alias("number_int"),
        pl.field("number").struct.field("dec").alias("number_dec"),
    )
    year, month, day, hour, ampm = (
        pl.field(name) for name in ("year", "month", "day", "hour", "ampm")
    )
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days_in_month = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    minute, second = pl.field("minute"), pl.field("second")
    # 12 AM is midnight, 12 PM noon; "14:30 PM" is contradictory (-1, rejected below).
    hour_24 = (
        pl.when(hour.is_null())
        .then(0)
        .when(ampm.is_null())
        .then(hour)
        .when((hour >= 1) & (hour <= 12))
        .then(hour % 12 + pl.when(ampm == "p").then(12).otherwise(0))
        .otherwise(-1)
    )
    valid_date = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    valid_time = hour_24.is_between(0, 23) & (minute <= 59) & (second <= 59)
    offset_hours, offset_minutes = pl.field("offset_hours"), pl.field("offset_minutes")
    valid_offset = offset_hours.is_null() | ((offset_hours <= 23) & (offset_minutes <= 59))
    return strings.struct.with_fields(
        hour_24.alias("hour"), (valid_date & valid_time & valid_offset).alias("valid")
    )


def _excel_microseconds(bounds: tuple[int, int]) -> pl.Expr:
    """Microseconds since 1899-12-30 for an Excel serial in ``bounds``, else null.

    Rounded to whole seconds: serials carry about 15 significant digits, which leaves an
    error of tens of milliseconds that would otherwise show up as ``14:29:59.942``.
    """
    serial = pl.concat_str(
        pl.field("number_int"), pl.lit("."), pl.field("number_dec").fill_null("0")
    ).cast(pl.Float64, strict=False)
    in_range = (pl.field("number_int").str.len_bytes() == 5) & serial.is_between(*bounds)
    seconds = (serial * 86_400).round(0).cast(pl.Int64, strict=False)
    return pl.when(in_range).then(seconds * 1_000_000)


def _check_zone(assume_tz: str) -> None:
    try:
        zoneinfo.ZoneInfo(assume_tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
        message = f"unknown time zone {assume_tz!r}: expected an IANA name such as 'Europe/Paris'"
        raise ValueError(message) from err


def _general_datetime(raw: pl.Expr, *, assume_tz: str, day_first: bool) -> pl.Expr:
    """Every supported format, from regex-extracted parts (the slow, complete path)."""
    f = pl.field
    valid = f("valid")
    # Invalid parts are nulled first: pl.datetime raises on 30 February instead of giving null.
    calendar = pl.datetime(
        pl.when(valid).then(f("year")),
        pl.when(valid).then(f("month")),
        pl.when(valid).then(f("day")),
        hour=pl.when(valid).then(f("hour")),
        minute=pl.when(valid).then(f("minute")),
        second=pl.when(valid).then(f("second")),
        microsecond=pl.when(valid).then(f("microsecond")),
    )
    excel = pl.lit(_EXCEL_EPOCH, dtype=pl.Datetime("us")) + pl.duration(
        microseconds=_excel_microseconds(_EXCEL_DATETIME_RANGE)
    )
    digits = f("number_int").str.len_bytes()
    seconds = pl.concat_str(f("number_int"), pl.lit("."), f("number_dec").fill_null("0")).cast(
        pl.Float64, strict=False
    )
    epoch_us = (
        pl.when(digits.is_between(9, 10))
        .then((seconds * 1_000_000).round(0).cast(pl.Int64, strict=False))
        .when(digits.is_between(12, 13) & f("number_dec").is_null())
        .then(f("number_int").cast(pl.Int64, strict=False) * 1000)
    )
    stages = _parts(raw, day_first=day_first, pivot=68).struct.with_fields(
        pl.coalesce(calendar, excel).alias("local"),
        epoch_us.alias("epoch_us"),
    )
    local = f("local")
    with_offset = (local - pl.duration(minutes=f("offset"))).dt.replace_time_zone("UTC")
    assumed = local.dt.replace_time_zone(
        assume_tz, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")
    from_epoch = pl.from_epoch(f("epoch_us"), time_unit="us").dt.replace_time_zone("UTC")
    result = (
        pl.when(f("epoch_us").is_not_null())
        .then(from_epoch)
        .when(f("offset").is_not_null())
        .then(with_offset)
        .otherwise(assumed)
        .cast(_UTC)
    )
    return stages.struct.with_fields(result.alias("result")).struct.field("result")


def _general_date(raw: pl.Expr, *, day_first: bool, pivot: int) -> pl.Expr:
    """Every supported date format, from regex-extracted parts (the slow, complete path)."""
    f = pl.field
    valid = f("valid")
    calendar = pl.date(
        pl.when(valid).then(f("year")),
        pl.when(valid).then(f("month")),
        pl.when(valid).then(f("day")),
    )
    serial_days = _excel_microseconds(_EXCEL_DATE_RANGE) // _US_PER_DAY
    excel = pl.lit(_EXCEL_EPOCH.date(), dtype=pl.Date) + pl.duration(days=serial_days)
    result = pl.coalesce(calendar, excel).cast(pl.Date)
    parts = _parts(raw, day_first=day_first, pivot=pivot)
    return parts.struct.with_fields(result.alias("result")).struct.field("result")


# --- fast paths ----------------------------------------------------------------------------------
# The shapes are strict enough that native parsing and the general path agree (years 1000-9999,
# seconds below 60, offsets checked the same way); tests compare the two on random values of every
# shape.
_ISO_DATE = r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}"  # the native parser accepts year 0
_ISO_SECONDS = r"[0-9]{2}:[0-9]{2}:[0-5][0-9](?:\.[0-9]{1,9})?"
_US_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[1-9][0-9]{3}"
_NATIVE_ISO = "%Y-%m-%d %H:%M:%S%.f"


@dataclass(frozen=True)
class _FastShape:
    """Values matching ``shape`` are parsed by ``parse``; ``kind`` says how to read the result."""

    shape: str
    kind: str  # "naive" (wall time in assume_tz), "aware" (UTC instant) or "date"
    parse: Callable[[pl.Series, bool], pl.Series]


def _iso_seconds(values: pl.Series) -> pl.Series:
    """``YYYY-MM-DD[T ]HH:MM[:SS[.f]]`` as ``YYYY-MM-DD HH:MM:SS[.f]``."""
    text = values.str.replace("T", " ", literal=True)
    return pl.select(
        pl.when(text.str.len_bytes() == 16).then(text + ":00").otherwise(text)
    ).to_series()


def _native(values: pl.Series, fmt: str, dtype: pl.Datetime | pl.Date) -> pl.Series:
    return values.str.strptime(dtype, fmt, strict=False)


_FAST_DATETIME = [
    _FastShape(
        rf"^{_ISO_DATE}[T ][0-9]{{2}}:[0-9]{{2}}(?::[0-5][0-9](?:\.[0-9]{{1,9}})?)?$",
        "naive",
        lambda v, _: _native(_iso_seconds(v), _NATIVE_ISO, pl.Datetime("us")),
    ),
    _FastShape(
        rf"^{_ISO_DATE}[T ]{_ISO_SECONDS}(?:Z| UTC)$",
        "aware",
        lambda v, _: _native(
            _iso_seconds(v.str.strip_suffix("Z").str.strip_suffix(" UTC")),
            _NATIVE_ISO,
            pl.Datetime("us"),
        ),
    ),
    _FastShape(
        rf"^{_ISO_DATE}[T ]{_ISO_SECONDS} ?[+-][0-9]{{2}}:?[0-9]{{2}}$",
        "aware",
        lambda v, _: _native(
            _iso_seconds(v.str.replace(r" ([+-][0-9:]+)$", "${1}")), _NATIVE_ISO + "%z", _UTC
        ),
    ),
    _FastShape(rf"^{_ISO_DATE}$", "date", lambda v, _: _native(v, "%Y-%m-%d", pl.Date())),
    _FastShape(
        rf"^{_US_DATE} [0-9]{{1,2}}:[0-9]{{2}} [AaPp][Mm]$",
        "naive",
        lambda v, day_first: _native(
            v, "%d/%m/%Y %I:%M %p" if day_first else "%m/%d/%Y %I:%M %p", pl.Datetime("us")
        ),
    ),
    _FastShape(
        rf"^{_US_DATE} [0-9]{{1,2}}:[0-9]{{2}}$",
        "naive",
        lambda v, day_first: _native(
            v, "%d/%m/%Y %H:%M" if day_first else "%m/%d/%Y %H:%M", pl.Datetime("us")
        ),
    ),
    _FastShape(
        rf"^{_US_DATE}$",
        "date",
        lambda v, day_first: _native(v, "%d/%m/%Y" if day_first else "%m/%d/%Y", pl.Date()),
    ),
]
_FAST_DATE = [shape for shape in _FAST_DATETIME if shape.kind == "date"]


def _staged(
    values: pl.Series,
    shapes: list[_FastShape],
    finish: Callable[[pl.Series, str], pl.Series],
    general: Callable[[pl.Expr], pl.Expr],
    dtype: pl.DataType,
    day_first: bool,
) -> pl.Series:
    """Fast shapes first, each on what is left; the general path on the remainder."""
    text = values.str.strip_chars(_STRIP)
    result = pl.repeat(None, len(values), dtype=dtype, eager=True).alias(values.name)
    left = text.is_not_null().arg_true()
    for shape in shapes:
        if len(left) == 0:
            return result
        remaining = text.gather(left)
        hit = remaining.str.contains(shape.shape)
        index = left.filter(hit)
        if len(index) > 0:
            parsed = finish(shape.parse(remaining.filter(hit), day_first), shape.kind)
            result = result.scatter(index, parsed)
            left = left.filter(~hit)
    if len(left) > 0:
        rest = pl.DataFrame({"t": text.gather(left)}).select(general(pl.col("t"))).to_series()
        result = result.scatter(left, rest)
    return result


def _datetime_series(values: pl.Series, *, assume_tz: str, day_first: bool) -> pl.Series:
    def finish(parsed: pl.Series, kind: str) -> pl.Series:
        if kind == "aware":
            return (
                parsed.dt.replace_time_zone("UTC") if parsed.dtype == pl.Datetime("us") else parsed
            )
        naive = parsed.cast(pl.Datetime("us"))
        return naive.dt.replace_time_zone(
            assume_tz, ambiguous="earliest", non_existent="null"
        ).dt.convert_time_zone("UTC")

    def general(text: pl.Expr) -> pl.Expr:
        return _general_datetime(text, assume_tz=assume_tz, day_first=day_first)

    return _staged(values, _FAST_DATETIME, finish, general, _UTC, day_first)


def _date_series(values: pl.Series, *, day_first: bool, pivot: int) -> pl.Series:
    def general(text: pl.Expr) -> pl.Expr:
        return _general_date(text, day_first=day_first, pivot=pivot)

    return _staged(values, _FAST_DATE, lambda p, _: p, general, pl.Date(), day_first)


def parse_datetime(raw: pl.Expr, *, assume_tz: str = "UTC", day_first: bool = False) -> pl.Expr:
    """Parse timestamps in mixed formats to UTC.

    Accepted, in any mix within one column:

    - ISO 8601 and its common relaxations: ``2024-03-15``, ``2024-03-15T14:30:00Z``,
      ``2024-03-15T14:30:00.123+02:00``, ``2024-03-15 14:30``, ``2024/03/15 14:30:00``,
      compact ``20240315T143000Z``; a trailing zone may be ``Z``, ``UTC``, ``GMT``, an offset
      (``-0500``, ``+02:00``, ``+02``, ``UTC+02:00``) or a US zone abbreviation (``EST``,
      ``PDT``...). Shopify's ``2024-01-01 11:13:25 -0500`` and Zendesk's
      ``2024-03-15 14:30:00 UTC`` are instances.
    - Numeric dates with the year last: ``3/15/2024 2:30 PM``, ``03/15/2024 02:30 pm``,
      ``3/15/24``, ``15.03.2024 14:30``; month first unless ``day_first``. Ambiguity is never
      guessed away: with ``day_first=False`` the value ``15/03/2024`` is null, which is how a
      caller notices that the column is day-first.
    - Month names: ``March 15, 2024``, ``15 Mar 2024``, RFC 2822
      ``Fri, 15 Mar 2024 14:30:00 +0000``, Twitter ``Wed Oct 10 20:19:24 +0000 2018``.
    - Excel serial days (``45366``, ``45366.604166``; 5-digit serials from 20000 to 80000),
      interpreted as local wall time.
    - Unix epochs: 9 to 10 digits are seconds (optionally with decimals), 12 to 13 digits
      milliseconds.

    Two-digit years follow POSIX ``%y``: 69-99 → 1900s, 00-68 → 2000s.

    Parameters
    ----------
    raw
        A string expression (other dtypes are cast to string).
    assume_tz
        IANA zone for values without an offset. Ambiguous wall times (the repeated hour when
        clocks go back) take the earlier instant; wall times that do not exist (skipped by
        clocks going forward) give null.
    day_first
        Read ``a/b/yyyy`` as day/month instead of month/day.

    Returns
    -------
    pl.Expr
        ``Datetime("us", "UTC")``; null for null input and for values that cannot be parsed
        (so failures are ``raw.is_not_null() & result.is_null()``).

    Raises
    ------
    ValueError
        If ``assume_tz`` is not a known IANA zone.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"t": ["2024-03-15T14:30:00+02:00", "3/15/2024 2:30 PM", "nope"]})
    >>> df.select(parse_datetime(pl.col("t"), assume_tz="America/New_York"))["t"].to_list()
    [datetime.datetime(2024, 3, 15, 12, 30, tzinfo=zoneinfo.ZoneInfo(key='UTC')),
     datetime.datetime(2024, 3, 15, 18, 30, tzinfo=zoneinfo.ZoneInfo(key='UTC')), None]

    Notes
    -----
    Runs as an elementwise ``map_batches`` over whole columns (fast native shapes first, see
    the module docstring); it works in ``select``, ``group_by().agg``, ``list.eval`` and the
    streaming engine. Each batch that needs the general path pays ~15 ms of query planning.
    """
    _check_zone(assume_tz)
    parse = functools.partial(_datetime_series, assume_tz=assume_tz, day_first=day_first)
    parsed = as_text(raw).map_batches(parse, return_dtype=_UTC, is_elementwise=True)
    return named_like(parsed, raw)


def parse_date(raw: pl.Expr, *, day_first: bool = False) -> pl.Expr:
    """Parse calendar dates (birth dates) in mixed formats.

    Accepts the date forms of :func:`parse_datetime` (ISO, ``3/15/1985``, day-first when asked,
    month names, Excel serials from 10000 to 80000) and timestamps whose date part is taken as
    written, without time-zone conversion (``1985-03-15T00:00:00Z`` → 1985-03-15): a birth date
    stored as midnight somewhere must not move a day. Unix epochs are not accepted.

    Two-digit years are taken as the most recent such year that is not in the future
    (``3/15/85`` → 1985), since a birth date cannot be later than today.

    Parameters
    ----------
    raw
        A string expression (other dtypes are cast to string).
    day_first
        Read ``a/b/yyyy`` as day/month instead of month/day.

    Returns
    -------
    pl.Expr
        ``Date``; null for null input, unparseable values and impossible dates (30 February).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"d": ["1985-03-15", "3/15/85", "31121", "1985-02-30"]})
    >>> df.select(parse_date(pl.col("d")))["d"].to_list()
    [datetime.date(1985, 3, 15), datetime.date(1985, 3, 15), datetime.date(1985, 3, 15), None]
    """
    pivot = dt.date.today().year % 100
    parse = functools.partial(_date_series, day_first=day_first, pivot=pivot)
    parsed = as_text(raw).map_batches(parse, return_dtype=pl.Date, is_elementwise=True)
    return named_like(parsed, raw)
