"""normalize_phones: formats, regions, the fast path's agreement with phonenumbers, staging."""

from __future__ import annotations

import phonenumbers
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, ValidationResult

from cxm.ingest.normalize import normalize_phones
from cxm.ingest.normalize import phone as phone_module

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def one(value: object, region: str = "US") -> str | None:
    result: str | None = normalize_phones(pl.Series([value]), default_region=region).item()
    return result


def library_answer(value: str, region: str) -> str | None:
    """What phonenumbers itself says, with possible-number (not local-only) semantics."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # punctuation, spaces, dots, parentheses
        ("(555) 010-1234", "+15550101234"),
        ("555-010-1234", "+15550101234"),
        ("555.010.1234", "+15550101234"),
        ("555 010 1234", "+15550101234"),
        ("5550101234", "+15550101234"),
        ("555/010-1234", "+15550101234"),
        ("  (555)\u00a0010-1234  ", "+15550101234"),
        # NANP trunk 1 and already-E.164
        ("1-555-010-1234", "+15550101234"),
        ("1 (555) 010-1234", "+15550101234"),
        ("15550101234", "+15550101234"),
        ("+15550101234", "+15550101234"),
        ("+1 (555) 010-1234", "+15550101234"),
        # international prefixes
        ("001 555 010 1234", "+15550101234"),
        ("011 44 20 7946 0000", "+442079460000"),
        ("0031612345678", "+31612345678"),
        ("0044 20 7946 0000", "+442079460000"),
        ("0040 21 123 4567", "+40211234567"),
        # Excel guard, tel: URI
        ("'+31612345678", "+31612345678"),
        ("'5550101234", "+15550101234"),
        ("tel:+1-555-010-1234", "+15550101234"),
        ("TEL:+15550101234", "+15550101234"),
        # numeric-coerced and scientific notation
        ("15550101234.0", "+15550101234"),
        ("5550101234.0", "+15550101234"),
        ("5550101234.00", "+15550101234"),
        ("1.5550101234e10", "+15550101234"),
        ("1.5550101234E+10", "+15550101234"),
        # Excel showed 10 significant digits: the value it holds ends in 0, and that is all we know
        ("1.555010123E+10", "+15550101230"),
        # extensions are dropped
        ("555-010-1234 x123", "+15550101234"),
        ("555-010-1234x123", "+15550101234"),
        ("555-010-1234 ext. 123", "+15550101234"),
        ("555-010-1234 ext 123", "+15550101234"),
        ("555-010-1234 Ext: 9", "+15550101234"),
        ("555-010-1234 #123", "+15550101234"),
        ("+1 555 010 1234, extension 77", "+15550101234"),
        # other countries in international form
        ("+44 20 7946 0000", "+442079460000"),
        ("+44 (0)20 7946 0000", "+442079460000"),
        ("+31 6 12345678", "+31612345678"),
        ("+49 30 123456", "+4930123456"),
        ("+61 2 9876 5432", "+61298765432"),
        ("+81 3-1234-5678", "+81312345678"),
        # vanity numbers and non-ASCII digits go through the library
        ("1-800-FLOWERS", "+18003569377"),
        (
            "\uff15\uff15\uff15\uff10\uff11\uff10\uff11\uff12\uff13\uff14",
            "+15550101234",
        ),  # full-width
        # not phone numbers (or not dialable from abroad: local-only 7-digit numbers)
        ("5550101", None),
        ("555-0101", None),
        ("12", None),
        ("n/a", None),
        ("unknown", None),
        ("", None),
        ("   ", None),
        ("-", None),
        ("555010123.0", None),
        ("123456789012345678901234", None),
        (None, None),
    ],
)
def test_us_default_region(raw: str | None, expected: str | None) -> None:
    assert one(raw, "US") == expected


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("0612345678", "NL", "+31612345678"),
        ("06-12345678", "NL", "+31612345678"),
        ("06 12 34 56 78", "NL", "+31612345678"),
        ("+31 (0)6 12345678", "NL", "+31612345678"),
        ("0031 6 12345678", "NL", "+31612345678"),
        ("+1 555 010 1234", "NL", "+15550101234"),
        ("020 7946 0000", "GB", "+442079460000"),
        ("07700 900123", "GB", "+447700900123"),
        ("030 123456", "DE", "+4930123456"),
        ("(02) 9876 5432", "AU", "+61298765432"),
        ("0011 44 20 7946 0000", "AU", "+442079460000"),
        ("(416) 555-0123", "CA", "+14165550123"),
        ("gb", "GB", None),
    ],
)
def test_other_default_regions(raw: str, region: str, expected: str | None) -> None:
    assert one(raw, region) == expected


def test_region_is_case_insensitive() -> None:
    assert one("0612345678", "nl") == "+31612345678"


def test_unknown_region_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown phone region 'ZZ'"):
        normalize_phones(pl.Series(["5550101234"]), default_region="ZZ")


def test_numeric_columns_are_accepted() -> None:
    floats = pl.Series("phone", [15550101234.0, 5550101234.0, None, float("nan"), 1.5])
    assert normalize_phones(floats).to_list() == ["+15550101234", "+15550101234", None, None, None]
    ints = pl.Series("phone", [15550101234, 5550101234, None], dtype=pl.Int64)
    assert normalize_phones(ints).to_list() == ["+15550101234", "+15550101234", None]


def test_keeps_length_order_and_name() -> None:
    raw = pl.Series("mobile", ["n/a", "555-010-1234", None, "+44 20 7946 0000", "555-010-9999"])
    out = normalize_phones(raw)
    assert out.name == "mobile"
    assert out.dtype == pl.String
    assert out.to_list() == [None, "+15550101234", None, "+442079460000", "+15550109999"]


def test_empty_series() -> None:
    out = normalize_phones(pl.Series("p", [], dtype=pl.String))
    assert out.len() == 0
    assert out.dtype == pl.String


def test_library_is_called_once_per_unique_leftover(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = phone_module._parse_one

    def counting(value: str, rules: phone_module._RegionRules) -> str | None:
        calls.append(value)
        return original(value, rules)

    monkeypatch.setattr(phone_module, "_parse_one", counting)
    fast = [f"({200 + i % 700}) 010-{i % 10_000:04d}" for i in range(5_000)]
    fast += [f"+44 20 7946 {i:04d}" for i in range(500)]  # E.164 fast path, not NANP
    slow = ["+44 (0)20 7946 0000"] * 300 + ["1-800-FLOWERS"] * 300
    out = normalize_phones(pl.Series(fast + slow))
    assert sorted(calls) == ["+4402079460000", "1800FLOWERS"]
    assert out.null_count() == 0
    assert out[-1] == "+18003569377"
    assert out[-301] == "+442079460000"
    assert out[0] == "+12000100000"


_SEPARATORS = st.text(alphabet=" -.()/", max_size=2)


@PROPERTY
@given(
    area=st.integers(200, 999),
    exchange=st.integers(0, 999),
    line=st.integers(0, 9999),
    prefix=st.sampled_from(["", "1", "+1", "001", "011 1", "'+1", "tel:+1"]),
    separators=st.lists(_SEPARATORS, min_size=11, max_size=11),
    extension=st.sampled_from(["", " x12", " ext. 345", " #9"]),
)
def test_any_punctuation_of_a_nanp_number_normalizes_back(
    area: int,
    exchange: int,
    line: int,
    prefix: str,
    separators: list[str],
    extension: str,
) -> None:
    digits = f"{area}{exchange:03d}{line:04d}"
    formatted = prefix + "".join(sep + d for sep, d in zip(separators, digits, strict=False))
    assert one(formatted + extension) == "+1" + digits


# A leading 00 is read as an international prefix even in the NANP, where phonenumbers only
# knows 011 (a documented difference), so such strings are left out of the comparison.
_NANP_DIGITS = st.from_regex(r"\A1?[0-9]{10}\Z").filter(lambda d: not d.startswith("00"))


@PROPERTY
@given(digits=_NANP_DIGITS)
def test_national_nanp_digits_agree_with_the_library(digits: str) -> None:
    assert one(digits, "US") == library_answer(digits, "US")


@PROPERTY
@given(
    digits=st.lists(st.from_regex(r"\A[2-9][0-9]{0,16}\Z"), min_size=1, max_size=20),
    region=st.sampled_from(["US", "CA", "BS"]),
)
def test_digit_strings_agree_with_the_library(digits: list[str], region: str) -> None:
    out = normalize_phones(pl.Series(digits), default_region=region).to_list()
    assert out == [library_answer(d, region) for d in digits]


def test_seven_digit_local_numbers_where_the_area_code_is_implied() -> None:
    # the Bahamas' numbering plan prepends area code 242 to a 7-digit local number
    assert one("322-1234", "BS") == "+12423221234"
    assert one("322-1234", "US") is None


_COUNTRY_CODES = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


@PROPERTY
@given(
    country_code=st.sampled_from(_COUNTRY_CODES),
    nsn=st.from_regex(r"\A[0-9]{2,14}\Z"),
    region=st.sampled_from(["US", "NL", "GB"]),
)
def test_international_numbers_agree_with_the_library(
    country_code: int, nsn: str, region: str
) -> None:
    value = f"+{country_code}{nsn}"
    assert one(value, region) == library_answer(value, region)


@PROPERTY
@given(
    country_code=st.sampled_from(_COUNTRY_CODES),
    nsn=st.from_regex(r"\A[1-9][0-9]{5,12}\Z"),
)
def test_fast_e164_answers_only_what_the_library_answers(country_code: int, nsn: str) -> None:
    value = f"+{country_code}{nsn}"
    fast = phone_module._fast_e164(pl.Series("plus", [value])).item()
    if fast is not None:
        assert fast == library_answer(value, "US")


def test_fast_e164_covers_common_countries() -> None:
    values = ["+442079460000", "+31612345678", "+4930123456", "+61298765432", "+33142685300"]
    assert phone_module._fast_e164(pl.Series("plus", values)).to_list() == values
    # a trunk 0 after the country code is the library's to strip
    assert phone_module._fast_e164(pl.Series("plus", ["+4402079460000"])).item() is None
