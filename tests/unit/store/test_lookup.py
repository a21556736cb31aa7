"""Tests of :mod:`cxm.store.lookup`: what an agent typed, normalized exactly as ingest does.

Expected values are written out by hand from the formats' rules; the last tests check the
normalizers against what ingest really stored for the sample's raw export values.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cxm.ingest.lake import Lake
from cxm.store.lookup import (
    email_key,
    external_id_keys,
    fold_names,
    handle_key,
    name_query,
    order_number,
    phone_key,
)

ROOT = Path(__file__).resolve().parents[3]
HUBSPOT = ROOT / "sample_data" / "sales" / "hubspot-contacts.csv"
SALESFORCE = ROOT / "sample_data" / "sales" / "salesforce-contacts.csv"


# --- phones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["(505) 555-0168", "505.555.0168", "+1 505 555 0168", "505-555-0168", "1 (505) 555-0168"],
)
def test_phone_formats_give_e164(typed: str) -> None:
    assert phone_key(typed, "US") == "+15055550168"


@pytest.mark.parametrize("typed", ["abc", "", "   ", "12", "call me"])
def test_phone_that_cannot_be_one_is_none(typed: str) -> None:
    assert phone_key(typed, "US") is None


def test_phone_uses_the_default_region_only_without_a_country_code() -> None:
    assert phone_key("020 7946 0958", "GB") == "+442079460958"
    assert phone_key("020 7946 0958", "US") is None
    assert phone_key("+44 20 7946 0958", "US") == "+442079460958"


# --- emails ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("JANE.DOE@EXAMPLE.COM", "jane.doe@example.com"),
        ("  Jane.Doe@Example.com ", "jane.doe@example.com"),
        ("Jane Doe <Jane@X.ORG>", "jane@x.org"),
        ("mailto:Bob@X.org", "bob@x.org"),
    ],
)
def test_email_is_trimmed_and_lower_cased(typed: str, expected: str) -> None:
    assert email_key(typed) == expected


@pytest.mark.parametrize("typed", ["not-an-email", "a@b", "jane..doe@x.com", "@x.com", "", "  "])
def test_invalid_email_is_none(typed: str) -> None:
    assert email_key(typed) is None


# --- handles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@Jane", (None, "jane")),
        ("Jane", (None, "jane")),
        ("twitter:Jane", ("twitter", "jane")),
        ("Twitter: @Jane", ("twitter", "jane")),
        ("instagram:@Jane.Doe", ("instagram", "jane.doe")),
        ("https://twitter.com/Jane", (None, "jane")),
        ("https://x.com/Jane?s=20", (None, "jane")),
        ("https://www.instagram.com/jane.doe/?hl=en", (None, "jane.doe")),
        ("x.com/Jane", (None, "jane")),
        ("https://www.facebook.com/profile.php?id=123", (None, "123")),
    ],
)
def test_handle_forms(typed: str, expected: tuple[str | None, str]) -> None:
    assert handle_key(typed) == expected


def test_blank_handle_is_empty() -> None:
    assert handle_key("   ") == (None, "")
    assert handle_key("@") == (None, "")


# --- order numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("#1042", "1042"),
        (" #1042 ", "1042"),
        ("1042", "1042"),
        ("# 1042", "1042"),
        ("ORD-55", "ord-55"),
    ],
)
def test_order_number(typed: str, expected: str) -> None:
    assert order_number(typed) == expected


def test_blank_order_number_is_empty() -> None:
    assert order_number("  ") == ""
    assert order_number("#") == ""


# --- external ids ----------------------------------------------------------------------------


def test_salesforce_15_char_id_gives_its_18_char_form_too() -> None:
    assert external_id_keys("001A0000006Vm9r") == ["001A0000006Vm9r", "001A0000006Vm9rIAC"]


def test_salesforce_18_char_id_gives_its_15_char_form_too() -> None:
    # Other systems (the sample's Zendesk users) store the 15-character form; an agent pasting
    # the 18-character id from Salesforce must find them as well.
    assert external_id_keys("001A0000006Vm9rIAC") == ["001A0000006Vm9r", "001A0000006Vm9rIAC"]


def test_18_chars_with_a_wrong_checksum_are_not_shortened() -> None:
    assert external_id_keys("001A0000006Vm9rXYZ") == ["001A0000006Vm9rXYZ"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" '00123 ", ["00123"]),
        ("12345.0", ["12345"]),
        ("1.23456789012E+11", ["123456789012"]),
        ("facebook_psid:2890177875039946", ["facebook_psid:2890177875039946"]),
        ("", []),
        ("   ", []),
    ],
)
def test_external_id_cleaning(typed: str, expected: list[str]) -> None:
    assert external_id_keys(typed) == expected


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["José Ramírez", "JOSE RAMIREZ", "  josé   ramírez ", "Jose Ramirez"]
)
def test_name_is_folded_for_accents_case_and_spaces(typed: str) -> None:
    assert name_query(typed) == ("jose ramirez", ["jose", "ramirez"])


def test_name_tokens_drop_single_letters_and_punctuation() -> None:
    assert name_query("Zoë O'Brien") == ("zoe obrien", ["zoe", "obrien"])
    assert name_query("J. R. Müller") == ("j r muller", ["muller"])
    assert name_query("A B") == ("a b", [])
    assert name_query("") == ("", [])


def test_fold_names_keeps_positions_and_blanks_nulls() -> None:
    assert fold_names(["José", None, "ÉMILE Zola", ""]) == ["jose", "", "emile zola", ""]


# --- against what ingest stored for the sample's raw values ----------------------------------


def _raw(path: Path, key: str, columns: list[str]) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return frame.select(pl.col(key).alias("record_id"), *columns)


def _stored(home: Path, source: str) -> pl.DataFrame:
    records = Lake(home / "lake").read("identity_record")
    return records.filter(pl.col("source") == source)


def test_raw_export_values_normalize_to_what_ingest_stored(resolved_sample: Path) -> None:
    raw = _raw(HUBSPOT, "Record ID", ["Email", "Phone Number", "Twitter Username"])
    joined = raw.join(_stored(resolved_sample, "hubspot"), on="record_id", how="inner")
    assert joined.height >= raw.height - 5  # a few rows may be quarantined, not most
    phones = emails = handles = 0
    for row in joined.iter_rows(named=True):
        if row["Phone Number"]:
            typed = phone_key(row["Phone Number"], "US")
            if typed is not None:
                assert typed in row["phones"], row
                phones += 1
        if row["Email"]:
            typed = email_key(row["Email"])
            if typed is None:
                assert row["Email"].strip().lower() in [e.lower() for e in row["invalid_emails"]]
            else:
                assert typed in row["emails"], row
                emails += 1
        if row["Twitter Username"]:
            platform, handle = handle_key(row["Twitter Username"])
            assert platform is None
            assert f"twitter:{handle}" in row["handles"], row
            handles += 1
    # The sample writes phones in several formats; all of them must have been exercised.
    assert phones > 50
    assert emails > 50
    assert handles > 5
    formats = {p[:1] for p in raw["Phone Number"].drop_nulls()}
    assert {"(", "+"} <= formats


def test_stored_values_are_fixed_points(resolved_sample: Path) -> None:
    """A value copied from a profile and typed back finds the same stored value."""
    records = Lake(resolved_sample / "lake").read("identity_record")
    for email in records["emails"].explode().drop_nulls().unique().sort():
        assert email_key(email) == email
    for phone in records["phones"].explode().drop_nulls().unique().sort():
        assert phone_key(phone, "US") == phone
    for handle in records["handles"].explode().drop_nulls().unique().sort():
        platform, _, value = handle.partition(":")
        assert handle_key(handle) == (platform, value)


def test_salesforce_contact_ids_bridge_to_the_15_char_ids_other_systems_store(
    resolved_sample: Path,
) -> None:
    stored = set(_stored(resolved_sample, "zendesk")["external_ids"].explode().drop_nulls())
    ids = _raw(SALESFORCE, "Contact ID", [])["record_id"]
    contact_ids = ids.filter(ids.str.contains(r"^[A-Za-z0-9]{18}$")).to_list()
    short = [c for c in contact_ids if c[:15] in stored]
    assert short, "the sample has Zendesk users carrying a 15-character Salesforce id"
    bridged = [c for c in contact_ids if set(external_id_keys(c)) & stored]
    assert bridged == [c for c in contact_ids if c in stored or c[:15] in stored]
