"""Connector specs: validation names the file and every problem; detection picks the right spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxm.config import Settings
from cxm.errors import SpecError, UnreadableFileError
from cxm.ingest.detect import Shape, check_columns, detect
from cxm.ingest.registry import load_registry
from cxm.ingest.spec import read_spec

GOOD = """
name = "crm_people"
title = "CRM people"
source = "crm"
department = "sales"
format = "csv"
[detect]
columns = ["pid", "mail"]
[identity]
record_id = "pid"
emails = ["mail", {column = "other", split = "|"}]
[[interactions]]
kind = "signup"
record_id = "pid"
interaction_id = {template = "signup/{pid}"}
occurred_at = "joined"
channel = {const = "web"}
"""


def test_read_good_spec(tmp_path: Path) -> None:
    path = tmp_path / "crm.toml"
    path.write_text(GOOD)
    spec = read_spec(path)
    assert spec.identity is not None
    assert spec.identity.record_id.column == "pid"
    assert spec.identity.emails[1].split == "|"
    assert spec.interactions[0].interaction_id.columns() == ["pid"]
    assert spec.required_columns() == ["pid", "mail"]


def test_bad_spec_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        GOOD.replace('department = "sales"', 'department = "marketingg"').replace(
            'record_id = "pid"\nemails', 'record_idd = "pid"\nemails'
        )
    )
    with pytest.raises(SpecError) as info:
        read_spec(path)
    message = str(info.value)
    assert str(path) in message
    assert "department" in message
    assert "identity.record_idd" in message or "record_idd" in message


def test_spec_needs_output_and_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('name = "x"\ntitle = "x"\nsource = "x"\ndepartment = "other"\nformat = "csv"\n')
    with pytest.raises(SpecError, match="must map"):
        read_spec(path)
    path.write_text("name = ")
    with pytest.raises(SpecError, match="cannot read"):
        read_spec(path)


def test_field_needs_exactly_one_origin(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(
        GOOD.replace('channel = {const = "web"}', 'channel = {const = "web", column = "c"}')
    )
    with pytest.raises(SpecError, match="exactly one of column, const or template"):
        read_spec(path)


def test_builtin_registry_loads_and_duplicates_are_refused(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    registry = load_registry(settings)
    assert {"hubspot_contacts", "salesforce_contacts"} <= set(registry.specs)
    mine = tmp_path / "connectors"
    mine.mkdir()
    (mine / "dupe.toml").write_text(GOOD.replace('"crm_people"', '"hubspot_contacts"'))
    with pytest.raises(SpecError, match="defined twice"):
        load_registry(settings)


def test_detect_prefers_most_specific_and_explains_unknown(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    registry = load_registry(settings)
    hubspot = Shape("csv", ("Record ID", "First Name", "Last Name", "Email", "Phone Number"))
    assert detect(registry, hubspot, Path("contacts.csv")).name == "hubspot_contacts"
    unknown = Shape("csv", ("foo", "bar"))
    with pytest.raises(UnreadableFileError) as info:
        detect(registry, unknown, Path("mystery.csv"))
    message = str(info.value)
    assert "mystery.csv" in message and "foo, bar" in message and "hubspot_contacts" in message


def test_missing_required_columns_named(tmp_path: Path) -> None:
    registry = load_registry(Settings(home=tmp_path))
    spec = registry.get("salesforce_contacts")
    with pytest.raises(UnreadableFileError) as info:
        check_columns(spec, Shape("csv", ("First Name", "Last Name", "Email")), Path("sf.csv"))
    assert "Contact ID" in str(info.value) and "sf.csv" in str(info.value)
    with pytest.raises(SpecError, match="known connectors"):
        registry.get("nope")


def test_header_rows_and_survey_options_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "survey.toml"
    options = '[options]\nheader_rows = 3\n[options.survey]\nnps_question = "Q2"\ncsat_scale = 7\n'
    path.write_text(GOOD + options)
    spec = read_spec(path)
    assert spec.options.header_rows == 3
    assert (spec.options.survey.nps_question, spec.options.survey.csat_scale) == ("Q2", 7)
    assert read_spec(_write(tmp_path, GOOD)).options.header_rows == 1
    path.write_text(GOOD + options.replace("= 3", "= 0").replace("nps_question", "nps_qestion"))
    with pytest.raises(SpecError) as info:
        read_spec(path)
    assert "options.header_rows" in str(info.value)
    assert "options.survey.nps_qestion" in str(info.value)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plain.toml"
    path.write_text(text)
    return path
