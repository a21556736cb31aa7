"""parse_datetime and parse_date over every supported format, mixed within one column."""

from __future__ import annotations

import datetime as dt
import email.utils
import zoneinfo
from collections.abc import Sequence
from typing import TypeVar

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cxm.ingest.normalize import parse_date, parse_datetime
from cxm.ingest.normalize import timestamp as timestamp_module

# Planning the parse expression costs ~15 ms whatever the row count, so the property tests draw a
# batch of values per example and parse them in one call.
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None)
T = TypeVar("T")


def batch(values: st.SearchStrategy[T]) -> st.SearchStrategy[list[T]]:
    return st.lists(values, min_size=1, max_size=40)


UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def parse(
    values: Sequence[str | None], *, assume_tz: str = "UTC", day_first: bool = False
) -> list[dt.datetime | None]:
    frame = pl.DataFrame({"t": values}, schema={"t": pl.String})
    out = frame.select(parse_datetime(pl.col("t"), assume_tz=assume_tz, day_first=day_first))
    assert out.schema["t"] == pl.Datetime("us", "UTC")
    return out["t"].to_list()


def utc(year: int, month: int, day: int, *time: int) -> dt.datetime:
    hour, minute, second, microsecond = (*time, 0, 0, 0, 0)[:4]
    return dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # ISO 8601
        ("2024-03-15", utc(2024, 3, 15)),
        ("2024-03-15T14:30:00Z", utc(2024, 3, 15, 14, 30)),
        ("2024-03-15T14:30:00.123Z", utc(2024, 3, 15, 14, 30, 0, 123_000)),
        ("2024-03-15T14:30:00.123456789Z", utc(2024, 3, 15, 14, 30, 0, 123_456)),
        ("2024-03-15T14:30:00,5Z", utc(2024, 3, 15, 14, 30, 0, 500_000)),
        ("2024-03-15T14:30:00+02:00", utc(2024, 3, 15, 12, 30)),
        ("2024-03-15T14:30:00+0530", utc(2024, 3, 15, 9, 0)),
        ("2024-03-15T14:30:00+05", utc(2024, 3, 15, 9, 30)),
        ("2024-03-15T14:30:00-08:00", utc(2024, 3, 15, 22, 30)),
        ("2024-03-15 14:30", utc(2024, 3, 15, 14, 30)),
        ("2024-03-15 14:30:00", utc(2024, 3, 15, 14, 30)),
        ("2024-03-15T14:30", utc(2024, 3, 15, 14, 30)),
        ("2024/03/15 14:30:00", utc(2024, 3, 15, 14, 30)),
        ("2024-3-5", utc(2024, 3, 5)),
        ("20240315", utc(2024, 3, 15)),
        ("20240315T143000Z", utc(2024, 3, 15, 14, 30)),
        # Shopify, Zendesk, US zone names
        ("2024-01-01 11:13:25 -0500", utc(2024, 1, 1, 16, 13, 25)),
        ("2024-03-15 14:30:00 UTC", utc(2024, 3, 15, 14, 30)),
        ("2024-03-15 14:30:00 GMT", utc(2024, 3, 15, 14, 30)),
        ("2024-03-15 14:30:00 UTC+02:00", utc(2024, 3, 15, 12, 30)),
        ("2024-03-15 14:30:00 EST", utc(2024, 3, 15, 19, 30)),
        ("2024-03-15 14:30:00 PDT", utc(2024, 3, 15, 21, 30)),
        # US month-first
        ("3/15/2024 2:30 PM", utc(2024, 3, 15, 14, 30)),
        ("03/15/2024 02:30 pm", utc(2024, 3, 15, 14, 30)),
        ("3/15/2024 2:30:45 p.m.", utc(2024, 3, 15, 14, 30, 45)),
        ("3/15/2024 14:30", utc(2024, 3, 15, 14, 30)),
        ("3/15/2024", utc(2024, 3, 15)),
        ("3/15/24", utc(2024, 3, 15)),
        ("3-15-2024", utc(2024, 3, 15)),
        ("12/31/1999 11:59 PM", utc(1999, 12, 31, 23, 59)),
        ("1/1/70", utc(1970, 1, 1)),
        ("1/1/68", utc(2068, 1, 1)),
        ("12/31/2024 12:00 AM", utc(2024, 12, 31, 0, 0)),
        ("12/31/2024 12:00 PM", utc(2024, 12, 31, 12, 0)),
        ("12/31/2024 12:30 am", utc(2024, 12, 31, 0, 30)),
        # month names, RFC 2822, Twitter, ctime
        ("March 15, 2024", utc(2024, 3, 15)),
        ("March 15, 2024 2:30 PM", utc(2024, 3, 15, 14, 30)),
        ("Mar 15 2024 14:30", utc(2024, 3, 15, 14, 30)),
        ("Friday, March 15th, 2024 at 2:30 PM", utc(2024, 3, 15, 14, 30)),
        ("Sept 3, 2024", utc(2024, 9, 3)),
        ("15 March 2024", utc(2024, 3, 15)),
        ("15-Mar-2024", utc(2024, 3, 15)),
        ("Fri, 15 Mar 2024 14:30:00 +0000", utc(2024, 3, 15, 14, 30)),
        ("Fri, 15 Mar 2024 14:30:00 -0700", utc(2024, 3, 15, 21, 30)),
        ("Wed Oct 10 20:19:24 +0000 2018", utc(2018, 10, 10, 20, 19, 24)),
        ("Wed Oct 10 20:19:24 +0200 2018", utc(2018, 10, 10, 18, 19, 24)),
        ("Wed Oct 10 20:19:24 2018", utc(2018, 10, 10, 20, 19, 24)),
        # Excel serials
        ("45366", utc(2024, 3, 15)),
        ("45366.604166", utc(2024, 3, 15, 14, 30)),
        ("45366.5", utc(2024, 3, 15, 12, 0)),
        ("25569", utc(1970, 1, 1)),
        # epochs
        ("1710513000", utc(2024, 3, 15, 14, 30)),
        ("1710513000.5", utc(2024, 3, 15, 14, 30, 0, 500_000)),
        ("1710513000123", utc(2024, 3, 15, 14, 30, 0, 123_000)),
        ("946684800", utc(2000, 1, 1)),
        ("946684800000", utc(2000, 1, 1)),
        # export debris
        ("'2024-03-15", utc(2024, 3, 15)),
        ("  2024-03-15T14:30:00Z \u00a0", utc(2024, 3, 15, 14, 30)),
        ('"3/15/2024"', utc(2024, 3, 15)),
        # leap years
        ("2024-02-29", utc(2024, 2, 29)),
        ("2000-02-29", utc(2000, 2, 29)),
    ],
)
def test_formats(raw: str, expected: dt.datetime) -> None:
    assert parse([raw]) == [expected]


@pytest.mark.parametrize(
    "raw",
    [
        "2024-02-30",
        "2023-02-29",
        "1900-02-29",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-03-00",
        "2024-03-15 24:00",
        "2024-03-15 14:60",
        "2024-03-15 14:30:61",
        "3/15/2024 13:30 PM",
        "3/15/2024 0:30 AM",
        "15/03/2024",  # day-first value without day_first
        "15.03.2024 14:30",
        "Smarch 15, 2024",
        "Wed Foo 10 20:19:24 +0000 2018",
        "12345",  # Excel serial outside 1954..2119
        "99999",
        "12345678",  # 8 digits: compact date with month 56
        "12345678901",  # 11 digits: neither epoch seconds nor milliseconds
        "2024-03-15T14:30:00+25:00",  # offsets beyond 23:59
        "2024-03-15T14:30:00+05:75",
        "2024-03-15T14:30:00Zx",
        "nope",
        "n/a",
        "",
        "   ",
    ],
)
def test_unparseable_is_null(raw: str) -> None:
    assert parse([raw]) == [None]


def test_null_stays_null() -> None:
    assert parse([None]) == [None]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/03/2024", utc(2024, 3, 15)),
        ("15.03.2024 14:30", utc(2024, 3, 15, 14, 30)),
        ("03/04/2024", utc(2024, 4, 3)),
        ("15-03-24", utc(2024, 3, 15)),
        ("2024-03-15", utc(2024, 3, 15)),  # year-first is unaffected
        ("15 March 2024", utc(2024, 3, 15)),
        ("3/15/2024", None),
    ],
)
def test_day_first(raw: str, expected: dt.datetime | None) -> None:
    assert parse([raw], day_first=True) == [expected]


def test_month_first_by_default() -> None:
    assert parse(["03/04/2024"]) == [utc(2024, 3, 4)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-15 14:30", utc(2024, 3, 15, 18, 30)),  # EDT
        ("2024-01-15 14:30", utc(2024, 1, 15, 19, 30)),  # EST
        ("3/15/2024 2:30 PM", utc(2024, 3, 15, 18, 30)),
        ("2024-03-15", utc(2024, 3, 15, 4, 0)),
        ("45366.5", utc(2024, 3, 15, 16, 0)),  # Excel serials are wall time too
        ("2024-03-15T14:30:00Z", utc(2024, 3, 15, 14, 30)),  # explicit offsets win
        ("2024-01-01 11:13:25 -0500", utc(2024, 1, 1, 16, 13, 25)),
        ("1710513000", utc(2024, 3, 15, 14, 30)),  # epochs are absolute
        ("2024-11-03 01:30", utc(2024, 11, 3, 5, 30)),  # repeated hour: the earlier one
        ("2024-03-10 02:30", None),  # skipped hour: no such wall time
    ],
)
def test_assume_tz(raw: str, expected: dt.datetime | None) -> None:
    assert parse([raw], assume_tz="America/New_York") == [expected]


def test_unknown_time_zone_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        parse_datetime(pl.col("t"), assume_tz="Mars/Olympus")


def test_one_column_mixes_formats() -> None:
    values = [
        "2024-03-15T14:30:00Z",
        "3/15/2024 2:30 PM",
        "Wed Oct 10 20:19:24 +0000 2018",
        "45366",
        "1710513000123",
        None,
        "garbage",
        "2024-01-01 11:13:25 -0500",
    ]
    assert parse(values) == [
        utc(2024, 3, 15, 14, 30),
        utc(2024, 3, 15, 14, 30),
        utc(2018, 10, 10, 20, 19, 24),
        utc(2024, 3, 15),
        utc(2024, 3, 15, 14, 30, 0, 123_000),
        None,
        None,
        utc(2024, 1, 1, 16, 13, 25),
    ]


def test_keeps_the_column_name() -> None:
    out = pl.DataFrame({"created": ["2024-03-15"], "born": ["1985-03-15"]}).select(
        parse_datetime(pl.col("created")), parse_date(pl.col("born"))
    )
    assert out.columns == ["created", "born"]


def _excel_serial(moment: dt.datetime) -> str:
    # Excel keeps whole seconds; six decimals of a day resolve 86.4 ms, which parsing rounds off.
    whole = moment.replace(microsecond=0, tzinfo=None)
    days = (whole - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
    return f"{days:.6f}"


# (formatter, precision the format keeps, needs day_first)
_UTC_FORMATS: list[tuple[str, object, str]] = [
    ("iso_z", lambda m: m.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "us"),
    ("iso_space", lambda m: m.strftime("%Y-%m-%d %H:%M:%S"), "s"),
    ("zendesk", lambda m: m.strftime("%Y-%m-%d %H:%M:%S UTC"), "s"),
    ("us_12h", lambda m: m.strftime("%m/%d/%Y %I:%M %p"), "min"),
    ("us_24h", lambda m: f"{m.month}/{m.day}/{m.year} {m.hour}:{m.minute:02d}", "min"),
    ("us_date", lambda m: f"{m.month}/{m.day}/{m.year}", "day"),
    ("twitter", lambda m: m.strftime("%a %b %d %H:%M:%S +0000 %Y"), "s"),
    ("rfc2822", lambda m: email.utils.format_datetime(m.replace(tzinfo=UTC)), "s"),
    ("month_name", lambda m: m.strftime("%B %d, %Y %I:%M %p"), "min"),
    ("excel", _excel_serial, "s"),
    ("epoch_s", lambda m: str(int(m.replace(tzinfo=UTC).timestamp())), "s"),
    ("epoch_ms", lambda m: str(int(m.replace(tzinfo=UTC).timestamp() * 1000)), "ms"),
]


def _truncate(moment: dt.datetime, precision: str) -> dt.datetime:
    if precision == "us":
        return moment
    if precision == "ms":
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    moment = moment.replace(microsecond=0)
    if precision == "s":
        return moment
    moment = moment.replace(second=0)
    if precision == "min":
        return moment
    return moment.replace(hour=0, minute=0)


_MOMENTS = st.datetimes(min_value=dt.datetime(1975, 1, 1), max_value=dt.datetime(2099, 12, 31))


@PROPERTY
@given(cases=batch(st.tuples(_MOMENTS, st.sampled_from(_UTC_FORMATS))))
def test_random_utc_moments_round_trip(
    cases: list[tuple[dt.datetime, tuple[str, object, str]]],
) -> None:
    texts, expected = [], []
    for moment, (_, formatter, precision) in cases:
        assert callable(formatter)
        texts.append(formatter(moment))
        expected.append(_truncate(moment, precision).replace(tzinfo=UTC))
    assert parse(texts) == expected


_OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: m - m % 15)


@PROPERTY
@given(cases=batch(st.tuples(_MOMENTS, _OFFSETS, st.booleans(), st.sampled_from(["T", " "]))))
def test_random_offsets_round_trip(cases: list[tuple[dt.datetime, int, bool, str]]) -> None:
    texts, expected = [], []
    for moment, offset_minutes, colon, separator in cases:
        zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
        local = moment.replace(microsecond=0, tzinfo=UTC).astimezone(zone)
        offset = local.strftime("%z")
        if colon:
            offset = offset[:3] + ":" + offset[3:]
        texts.append(local.strftime(f"%Y-%m-%d{separator}%H:%M:%S") + offset)
        expected.append(moment.replace(microsecond=0, tzinfo=UTC))
    assert parse(texts) == expected


@PROPERTY
@given(moments=batch(_MOMENTS))
def test_random_day_first_round_trip(moments: list[dt.datetime]) -> None:
    texts = [moment.strftime("%d.%m.%Y %H:%M") for moment in moments]
    expected = [_truncate(moment, "min").replace(tzinfo=UTC) for moment in moments]
    assert parse(texts, day_first=True) == expected


def _unambiguous_wall_time(wall: dt.datetime) -> bool:
    first = wall.replace(tzinfo=NEW_YORK, fold=0)
    second = wall.replace(tzinfo=NEW_YORK, fold=1)
    exists = first.astimezone(UTC).astimezone(NEW_YORK).replace(tzinfo=None) == wall
    return exists and first.utcoffset() == second.utcoffset()


@PROPERTY
@given(moments=batch(_MOMENTS.map(lambda m: m.replace(microsecond=0))))
def test_random_wall_times_are_localized(moments: list[dt.datetime]) -> None:
    # wall times that do not exist or exist twice (DST transitions) are tested separately
    walls = [wall for wall in moments if _unambiguous_wall_time(wall)]
    assume(walls)
    texts = [wall.strftime("%Y-%m-%d %H:%M:%S") for wall in walls]
    expected = [wall.replace(tzinfo=NEW_YORK).astimezone(UTC) for wall in walls]
    assert parse(texts, assume_tz="America/New_York") == expected


# --- parse_date ---------------------------------------------------------------------------------


def parse_dates(values: Sequence[str | None], *, day_first: bool = False) -> list[dt.date | None]:
    frame = pl.DataFrame({"d": values}, schema={"d": pl.String})
    out = frame.select(parse_date(pl.col("d"), day_first=day_first))
    assert out.schema["d"] == pl.Date
    return out["d"].to_list()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1985-03-15", dt.date(1985, 3, 15)),
        ("3/15/1985", dt.date(1985, 3, 15)),
        ("03/15/1985", dt.date(1985, 3, 15)),
        ("3/15/85", dt.date(1985, 3, 15)),
        ("1/1/45", dt.date(1945, 1, 1)),  # two-digit birth years are never in the future
        ("1/1/05", dt.date(2005, 1, 1)),
        ("March 15, 1985", dt.date(1985, 3, 15)),
        ("15 Mar 1985", dt.date(1985, 3, 15)),
        ("19850315", dt.date(1985, 3, 15)),
        ("31121", dt.date(1985, 3, 15)),  # Excel serial
        ("31121.0", dt.date(1985, 3, 15)),
        ("10000", dt.date(1927, 5, 18)),
        ("1985-03-15T00:00:00Z", dt.date(1985, 3, 15)),
        ("1985-03-15T23:30:00-05:00", dt.date(1985, 3, 15)),  # the date as written
        ("1985-03-15 00:00:00", dt.date(1985, 3, 15)),
        ("'1985-03-15", dt.date(1985, 3, 15)),
        ("2000-02-29", dt.date(2000, 2, 29)),
        ("1985-02-30", None),
        ("1900-02-29", None),
        ("2/30/1985", None),
        ("15/03/1985", None),
        ("1710513000", None),  # epochs are not birth dates
        ("9999", None),
        ("unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: str | None, expected: dt.date | None) -> None:
    assert parse_dates([raw]) == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/03/1985", dt.date(1985, 3, 15)),
        ("15.03.1985", dt.date(1985, 3, 15)),
        ("03/04/1985", dt.date(1985, 4, 3)),
        ("3/15/1985", None),
    ],
)
def test_parse_date_day_first(raw: str, expected: dt.date | None) -> None:
    assert parse_dates([raw], day_first=True) == [expected]


_DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%d %b %Y", "%Y-%m-%dT00:00:00Z"]


@PROPERTY
@given(
    cases=batch(
        st.tuples(
            st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31)),
            st.sampled_from(_DATE_FORMATS),
        )
    )
)
def test_random_dates_round_trip(cases: list[tuple[dt.date, str]]) -> None:
    assert parse_dates([day.strftime(fmt) for day, fmt in cases]) == [day for day, _ in cases]


# --- fast paths agree with the general path -----------------------------------------------------

_FAST_SHAPES = [shape.shape for shape in timestamp_module._FAST_DATETIME]


def _shaped(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex("\\A" + pattern.removeprefix("^").removesuffix("$") + "\\Z")


@PROPERTY
@given(
    shape=st.sampled_from(_FAST_SHAPES),
    data=st.data(),
    day_first=st.booleans(),
    assume_tz=st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata"]),
)
def test_fast_paths_agree_with_the_general_path(
    shape: str, data: st.DataObject, day_first: bool, assume_tz: str
) -> None:
    values = data.draw(batch(_shaped(shape)))
    frame = pl.DataFrame({"t": values}, schema={"t": pl.String})
    staged = frame.select(parse_datetime(pl.col("t"), assume_tz=assume_tz, day_first=day_first))
    general = frame.select(
        timestamp_module._general_datetime(pl.col("t"), assume_tz=assume_tz, day_first=day_first)
    )
    assert staged["t"].to_list() == general.to_series().to_list()


@PROPERTY
@given(
    shape=st.sampled_from([shape.shape for shape in timestamp_module._FAST_DATE]),
    data=st.data(),
    day_first=st.booleans(),
)
def test_fast_date_paths_agree_with_the_general_path(
    shape: str, data: st.DataObject, day_first: bool
) -> None:
    values = data.draw(batch(_shaped(shape)))
    frame = pl.DataFrame({"d": values}, schema={"d": pl.String})
    staged = frame.select(parse_date(pl.col("d"), day_first=day_first))
    general = frame.select(
        timestamp_module._general_date(pl.col("d"), day_first=day_first, pivot=50)
    )
    assert staged["d"].to_list() == general.to_series().to_list()


def test_works_in_list_eval_group_by_and_streaming() -> None:
    lists = pl.DataFrame({"l": [["2024-03-15", "Wed Oct 10 20:19:24 +0000 2018", "x"], []]})
    out = lists.select(pl.col("l").list.eval(parse_datetime(pl.element())))
    assert out["l"].to_list() == [[utc(2024, 3, 15), utc(2018, 10, 10, 20, 19, 24), None], []]
    groups = pl.DataFrame({"g": [1, 2, 1], "d": ["3/15/1985", "x", "1985-03-16"]})
    agg = groups.group_by("g", maintain_order=True).agg(parse_date(pl.col("d")))
    assert agg.rows() == [(1, [dt.date(1985, 3, 15), dt.date(1985, 3, 16)]), (2, [None])]
    lazy = pl.LazyFrame({"t": ["2024-03-15T14:30:00Z", "nope"]})
    streamed = lazy.select(parse_datetime(pl.col("t"))).collect(engine="streaming")
    assert streamed["t"].to_list() == [utc(2024, 3, 15, 14, 30), None]
