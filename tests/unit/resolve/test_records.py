"""standardise: junk removal, over-shared values, external-id keys, glued names, collapse, pins."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import pytest

from cxm.resolve.config import GuardrailConfig, ResolveConfig
from cxm.resolve.records import Records, standardise
from cxm.schema import conform

DEFAULT = ResolveConfig()


def _rec(
    source: str,
    record_id: str,
    given: str | None = None,
    family: str | None = None,
    *,
    full: str | None = None,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    handles: tuple[str, ...] = (),
    external_ids: tuple[str, ...] = (),
    dob: date | None = None,
    street: str | None = None,
    postcode: str | None = None,
    city: str | None = None,
    updated: datetime | None = None,
) -> dict[str, Any]:
    return {
        "source": source,
        "connector": source,
        "record_id": record_id,
        "department": "sales",
        "given_name_norm": given,
        "family_name_norm": family,
        "full_name_norm": full or (" ".join(p for p in (given, family) if p) or None),
        "emails": list(emails),
        "phones": list(phones),
        "handles": list(handles),
        "external_ids": list(external_ids),
        "birth_date": dob,
        "street_norm": street,
        "postal_code_norm": postcode,
        "city_norm": city,
        "updated_at": updated,
        "batch_id": "b1",
        "source_file": "export.csv",
        "source_row": 1,
        "source_line": 2,
    }


def _identity(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return conform(pl.DataFrame(rows, infer_schema_length=None), "identity_record")


def _std(
    rows: list[dict[str, Any]],
    config: ResolveConfig = DEFAULT,
    pinned: list[tuple[str, str]] | None = None,
) -> Records:
    pins = (
        pl.DataFrame(pinned, schema={"source": pl.String, "record_id": pl.String}, orient="row")
        if pinned is not None
        else None
    )
    return standardise(_identity(rows), config, pins)


def _col(records: Records, column: str) -> list[Any]:
    return records.frame[column].to_list()


# --- shape ---------------------------------------------------------------------------------


def test_rows_are_sorted_and_numbered_by_source_and_record_id() -> None:
    records = _std(
        [
            _rec("zd", "2", "zoltan", "lee"),
            _rec("crm", "9", "bob", "ray"),
            _rec("crm", "10", "robert", "twombly"),
        ]
    )
    # String order: "10" < "9".
    assert records.frame.select("rid", "source", "record_id").rows() == [
        (0, "crm", "10"),
        (1, "crm", "9"),
        (2, "zd", "2"),
    ]
    assert _col(records, "rep") == [0, 1, 2]
    assert records.working.height == 3
    # Nickname groups: "bob" is a Robert; a name outside the table is its own group.
    assert _col(records, "given_groups") == [["robert"], ["robert"], ["zoltan"]]


def test_updated_falls_back_to_created() -> None:
    created = datetime(2025, 3, 1, tzinfo=UTC)
    later = datetime(2025, 4, 1, tzinfo=UTC)
    row_a = {**_rec("crm", "1", "ann", "lee"), "created_at": created, "updated_at": later}
    row_b = {**_rec("crm", "2", "bob", "ray"), "created_at": created}
    assert _col(_std([row_a, row_b]), "updated") == [later, created]


# --- junk ------------------------------------------------------------------------------------


def test_junk_emails_and_phones_are_removed_from_the_lists() -> None:
    records = _std(
        [
            _rec(
                "crm",
                "1",
                "ann",
                "lee",
                emails=("test@test.com", "ann.lee@mail.org", "info@lee-shop.com"),
                phones=("+10000000000", "+15550101234", "+11234567890"),
            )
        ]
    )
    assert _col(records, "emails") == [["ann.lee@mail.org"]]
    assert _col(records, "phones") == [["+15550101234"]]


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("test", "user", (None, None)),
        ("valued customer", None, (None, None)),
        ("n a", "lee", (None, "lee")),
        ("ann", "xxx", ("ann", None)),
        # Help desks name phone-only users after their number.
        ("caller 555 0103", None, (None, None)),
        # ... also when the lake split "Caller 555-0103" into given "caller", family "555 0103"
        # (as split_full_name does for Zendesk's "Caller +1 (720) 555-0101").
        pytest.param("caller", "555 0103", (None, None)),
        ("ann", "lee", ("ann", "lee")),
    ],
)
def test_junk_names_are_nulled(
    given: str, family: str | None, expected: tuple[str | None, str | None]
) -> None:
    records = _std([_rec("zd", "1", given, family)])
    assert records.frame.select("given", "family").row(0) == expected


# --- over-shared values ----------------------------------------------------------------------


def _sharing(value_kind: str, value: str, names: list[tuple[str, str]]) -> list[dict[str, Any]]:
    rows = []
    for i, (given, family) in enumerate(names):
        # Emails: each record also has its own, which must survive the drop.
        values = (value, f"own{i}@mail.org") if value_kind == "emails" else (value,)
        extra: dict[str, Any] = {value_kind: values}
        rows.append(_rec("crm", str(i), given, family, **extra))
    return rows


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("emails", "family@mail.org"),
        ("phones", "+15550101777"),
        ("handles", "@thelees"),
        ("external_ids", "acct-1"),
    ],
)
def test_a_value_shared_by_more_people_than_allowed_is_dropped(kind: str, value: str) -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_people_per_identifier=2))
    names = [("ann", "lee"), ("bob", "lee"), ("cy", "lee"), ("ann", "lee")]
    records = _std(_sharing(kind, value, names), config)

    column = "ext_keys" if kind == "external_ids" else kind
    # Three distinct full names (ann lee twice counts once) > 2: the value links no one.
    assert all(value not in values for values in _col(records, column))
    assert records.over_shared.rows() == [(column, value, 3, 4)]
    assert records.over_shared.schema == pl.Schema(
        {"kind": pl.String, "value": pl.String, "people": pl.Int64, "records": pl.Int64}
    )
    if kind == "emails":
        # Only the over-shared value goes; each record keeps its own address.
        assert _col(records, "emails") == [[f"own{i}@mail.org"] for i in range(4)]


def test_a_value_shared_by_no_more_people_than_allowed_is_kept() -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_people_per_identifier=2))
    names = [("ann", "lee"), ("bob", "lee"), ("ann", "lee"), ("bob", "lee")]
    records = _std(_sharing("phones", "+15550101777", names), config)
    assert _col(records, "phones") == [["+15550101777"]] * 4
    assert records.over_shared.is_empty()


def test_dropping_an_over_shared_value_keeps_the_source_order() -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_people_per_identifier=2))
    shared = "family@mail.org"
    rows = [
        # The first remaining address is the primary one (compare's email1, golden's tie-break).
        _rec("crm", "1", "ann", "lee", emails=(shared, "ann.first@mail.org", "ann.2@mail.org")),
        _rec("crm", "2", "bob", "lee", emails=(shared,)),
        _rec("crm", "3", "cy", "lee", emails=(shared,)),
    ]
    records = _std(rows, config)
    assert records.over_shared["value"].to_list() == [shared]
    assert _col(records, "emails") == [["ann.first@mail.org", "ann.2@mail.org"], [], []]


def test_records_without_a_name_are_not_counted_as_people() -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_people_per_identifier=2))
    phone = "+15550101777"
    rows = [
        _rec("crm", "1", "ann", "lee", phones=(phone,)),
        _rec("crm", "2", "bob", "lee", phones=(phone,)),
        _rec("inbox", "3", phones=(phone,)),  # no name at all
    ]
    records = _std(rows, config)
    # Two distinct full names is not more than the limit of two.
    assert records.over_shared.is_empty()
    assert _col(records, "phones") == [[phone]] * 3


# --- external ids ----------------------------------------------------------------------------


def test_salesforce_ids_key_on_their_15_character_prefix() -> None:
    sf18 = "0035e00000AbCdEFGA"  # 18 characters
    records = _std(
        [
            _rec("salesforce", "0035e00000AbCdEQXZ", "ann", "lee"),
            _rec("hubspot", "51", "ann", "lee"),
            _rec("shopify", "9001", "ann", "lee"),
            _rec("zd", "7", "ann", "lee", external_ids=(sf18, "0035e00000AbCdE", "ext-42", sf18)),
        ]
    )
    keys = dict(zip(_col(records, "source"), _col(records, "ext_keys"), strict=True))
    # Own record ids of external-id sources are keys too (an 18-char one keyed on 15 chars).
    assert keys["salesforce"] == ["0035e00000AbCdE"]
    assert keys["hubspot"] == ["51"]
    assert keys["shopify"] == []
    # The 18- and 15-character spellings of one id become one key.
    assert keys["zd"] == ["0035e00000AbCdE", "ext-42"]


def test_external_id_sources_are_configurable() -> None:
    config = ResolveConfig(external_id_sources=["shopify"])
    records = _std(
        [_rec("hubspot", "51", "ann", "lee"), _rec("shopify", "9001", "ann", "lee")], config
    )
    assert _col(records, "ext_keys") == [[], ["9001"]]


def test_ids_that_are_not_18_alphanumerics_are_kept_whole() -> None:
    long_id = "0035e00000AbCdEFGAB"  # 19 characters
    dashed = "0035e00000AbCd-FGA"  # 18 characters, not alphanumeric
    records = _std([_rec("zd", "1", "ann", "lee", external_ids=(long_id, dashed))])
    assert _col(records, "ext_keys") == [[long_id, dashed]]


# --- glued names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("amandabailey", None, ("amanda", "bailey", ["amanda"])),
        ("bobsmith", None, ("bob", "smith", ["robert"])),
        # The longest known prefix wins ("chris" is known too).
        ("christophermoore", None, ("christopher", "moore", ["christopher"])),
        # A known name is never split.
        ("christopher", None, ("christopher", None, ["christopher"])),
        # A family name is present: nothing to split.
        ("amandabailey", "bailey", ("amandabailey", "bailey", ["amandabailey"])),
        # At least three letters must be left over.
        ("amandajo", None, ("amandajo", None, ["amandajo"])),
        # Not letters only.
        ("amanda bailey", None, ("amanda bailey", None, ["amanda bailey"])),
    ],
)
def test_glued_display_names_are_split(
    given: str, family: str | None, expected: tuple[str, str | None, list[str]]
) -> None:
    records = _std([_rec("zd", "1", given, family)])
    assert records.frame.select("given", "family", "given_groups").row(0) == expected


# --- identical records -----------------------------------------------------------------------


def _twin(source: str, record_id: str, **extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "emails": ("ann.lee@mail.org",),
        "phones": ("+15550101234",),
        "dob": date(1980, 5, 17),
        "street": "1 main st",
        "postcode": "10001",
    }
    fields.update(extra)
    return _rec(source, record_id, "ann", "lee", **fields)


def test_identical_records_collapse_onto_the_smallest_rid() -> None:
    records = _std(
        [
            _twin("shop", "3"),
            _twin("shop", "1"),
            _rec("crm", "1", "bob", "ray", emails=("bob@mail.org",)),
            _twin("shop", "2", updated=datetime(2025, 1, 1, tzinfo=UTC)),
        ]
    )
    # rids: crm/1 = 0, shop/1 = 1, shop/2 = 2, shop/3 = 3.
    assert _col(records, "rep") == [0, 1, 1, 1]
    assert records.working["rid"].to_list() == [0, 1]
    assert records.frame.height == 4


@pytest.mark.parametrize(
    "extra",
    [
        {"emails": ("other@mail.org",)},
        {"phones": ("+15550101235",)},
        {"dob": date(1980, 5, 18)},
        {"street": "2 main st"},
        {"postcode": "10002"},
        {"handles": ("@annlee",)},
        {"external_ids": ("ext-1",)},
    ],
    ids=lambda extra: next(iter(extra)),
)
def test_records_differing_in_an_identity_field_are_not_collapsed(extra: dict[str, Any]) -> None:
    records = _std([_twin("shop", "1"), _twin("shop", "2", **extra)])
    assert _col(records, "rep") == [0, 1]


def test_no_collapse_under_link_only() -> None:
    config = ResolveConfig(link_type="link_only")
    records = _std([_twin("shop", "1"), _twin("shop", "2")], config)
    assert _col(records, "rep") == [0, 1]
    assert records.working.height == 2


def test_records_without_a_full_name_are_not_collapsed() -> None:
    records = _std(
        [
            _rec("inbox", "1", "ann", None, phones=("+15550101234",)),
            _rec("inbox", "2", "ann", None, phones=("+15550101234",)),
            _rec("inbox", "3", None, "lee", phones=("+15550101234",)),
            _rec("inbox", "4", None, "lee", phones=("+15550101234",)),
        ]
    )
    assert _col(records, "rep") == [0, 1, 2, 3]


def test_records_without_a_strong_identifier_are_not_collapsed() -> None:
    # Same name, street and birth date but no email, phone, handle or external id.
    rows = [
        _rec("shop", "1", "ann", "lee", dob=date(1980, 5, 17), street="1 main st"),
        _rec("shop", "2", "ann", "lee", dob=date(1980, 5, 17), street="1 main st"),
    ]
    assert _col(_std(rows), "rep") == [0, 1]


def test_junk_only_identifiers_are_not_strong() -> None:
    # The only email is junk and removed, so nothing strong is left to vouch for sameness.
    rows = [
        _rec("shop", "1", "ann", "lee", emails=("test@test.com",)),
        _rec("shop", "2", "ann", "lee", emails=("test@test.com",)),
    ]
    assert _col(_std(rows), "rep") == [0, 1]


def test_pinned_records_are_not_collapsed() -> None:
    rows = [_twin("shop", "1"), _twin("shop", "2"), _twin("shop", "3")]
    records = _std(rows, pinned=[("shop", "2")])
    # shop/2 stays its own representative; shop/3 still collapses onto shop/1.
    assert _col(records, "rep") == [0, 1, 0]
    assert records.working["record_id"].to_list() == ["1", "2"]


def test_empty_pinned_frame_changes_nothing() -> None:
    records = _std([_twin("shop", "1"), _twin("shop", "2")], pinned=[])
    assert _col(records, "rep") == [0, 0]
