"""SurveyMonkey survey export: two header rows (question, answer option), multi-option and
contact-information columns, US dates, CSAT labels or numbers; and which connector reads the
survey exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cxm.config import Settings
from cxm.ingest.detect import shape_of
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import IngestReport, ingest
from cxm.ingest.registry import load_registry

ROOT = Path(__file__).resolve().parents[3]
NPS = "How likely is it that you would recommend Northwind Outfitters to a friend or colleague?"
CSAT = "Overall, how satisfied or unsatisfied are you with Northwind Outfitters?"
PRODUCTS = "Which of our products have you bought in the last year?"
COMMENT = "Is there anything else you would like to tell us?"
CONTACT = "May we contact you about your answers? Leave your details (optional)."
ROW1 = [
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
    "First Name", "Last Name", "Custom Data 1", NPS, CSAT, PRODUCTS, "", "", COMMENT, CONTACT, "", "",
]  # fmt: skip
ROW2 = [
    "", "", "", "", "", "", "", "", "", "Response", "Response", "Tents", "Backpacks",
    "Other (please specify)", "Open-Ended Response", "Name", "Email Address", "Phone Number",
]  # fmt: skip


def _row(respondent: str, **values: str) -> list[str]:
    base = {
        "id": respondent,
        "collector": "431209876",
        "start": "03/05/2024 02:21:09 PM",
        "end": "03/05/2024 02:24:40 PM",
        "ip": "73.14.2.9",
    }
    base.update(values)
    keys = [
        "id", "collector", "start", "end", "ip", "email", "first", "last", "custom", "nps",
        "csat", "tents", "packs", "other", "comment", "name", "contact_email", "phone",
    ]  # fmt: skip
    return [base.get(k, "") for k in keys]


ROWS = [
    _row(
        "114562338001",
        email="Ann.Lee@example.com",
        first="Ann",
        last="Lee",
        custom="#1042",
        nps="10",
        csat="Very satisfied",
        tents="Tents",
        comment="Love the new tent!",
    ),
    _row(
        "114562337991",
        collector="431215532",
        start="12/31/2024 11:58:00 PM",
        end="01/01/2025 12:03:10 AM",
        nps="0",
        csat="Very unsatisfied",
        other="Camp stove",
        comment="Broken zipper, and nobody answered.",
        name="Bob Jones",
        contact_email="bob.jones.trails@gmail.com",
        phone="(303) 555-0123",
    ),
    _row("114562337890", collector="431215532", csat="Neutral"),
]


def _csv(rows: list[list[str]], row1: list[str] = ROW1, row2: list[str] = ROW2) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([row1, row2, *rows])
    return buffer.getvalue().encode("utf-8")


def _ingest(
    tmp_path: Path, data: bytes, name: str = "Customer satisfaction survey.csv", **env: Any
) -> tuple[IngestReport, Lake]:
    path = tmp_path / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    settings = Settings(home=tmp_path / "home", **env)
    return ingest([path.parent], settings), Lake(settings.lake_dir)


def _by(frame: pl.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def test_two_header_rows_and_row_accounting(tmp_path: Path) -> None:
    report, lake = _ingest(tmp_path, _csv(ROWS))
    result = report.files[0]
    assert result.connector == "surveymonkey_responses"
    assert result.batch is not None
    assert (result.batch.rows_read, result.batch.rows_staged, result.batch.rows_quarantined) == (
        3,
        3,
        0,
    )
    events = lake.read("interaction").sort("source_row")
    assert events.select("source_row", "source_line").rows() == [(1, 3), (2, 4), (3, 5)]
    assert set(events["kind"]) == {"survey_response"}
    assert set(events["department"]) == {"feedback"}
    assert events["interaction_id"].to_list() == ["114562338001", "114562337991", "114562337890"]


def test_answers_nps_csat_labels_and_comment(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path, _csv(ROWS))
    events = _by(lake.read("interaction"), "interaction_id")
    ann, bob, anon = (events[i] for i in ("114562338001", "114562337991", "114562337890"))
    assert ann["title"] == "NPS 10 · Customer satisfaction survey"
    assert (ann["satisfaction"], ann["channel"], ann["text"]) == (
        1.0,
        "email",
        "Love the new tent!",
    )
    attributes = json.loads(ann["attributes"])
    assert attributes == {
        "survey": "Customer satisfaction survey",
        "nps": "10",
        "nps_group": "promoter",
        "csat": "Very satisfied",
        "Collector ID": "431209876",
        "Custom Data 1": "#1042",
        "Start Date": "03/05/2024 02:21:09 PM",
    }
    assert (bob["satisfaction"], bob["channel"]) == (0.0, "web")
    assert json.loads(bob["attributes"])["nps"] == "0"  # a zero is an answer, not a blank
    assert json.loads(bob["attributes"])["nps_group"] == "detractor"
    assert anon["title"] == "CSAT Neutral · Customer satisfaction survey"
    assert anon["satisfaction"] == 0.5 and anon["text"] is None
    assert json.loads(anon["attributes"])["nps"] is None


def test_us_dates_with_seconds_and_the_account_zone(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path / "utc", _csv(ROWS))
    events = _by(lake.read("interaction"), "interaction_id")
    assert events["114562338001"]["occurred_at"] == datetime(2024, 3, 5, 14, 24, 40, tzinfo=UTC)
    assert events["114562337991"]["occurred_at"] == datetime(2025, 1, 1, 0, 3, 10, tzinfo=UTC)
    _, lake = _ingest(tmp_path / "denver", _csv(ROWS), source_timezone="America/Denver")
    events = _by(lake.read("interaction"), "interaction_id")
    assert events["114562337991"]["occurred_at"] == datetime(2025, 1, 1, 7, 3, 10, tzinfo=UTC)


def test_people_from_the_invitation_or_the_contact_question(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path, _csv(ROWS))
    people = _by(lake.read("identity_record"), "record_id")
    ann = people["114562338001"]
    assert (ann["source"], ann["department"]) == ("surveymonkey", "feedback")
    assert (ann["given_name"], ann["family_name"], ann["emails"]) == (
        "Ann",
        "Lee",
        ["ann.lee@example.com"],
    )
    assert json.loads(ann["attributes"]) == {"Collector ID": "431209876", "Custom Data 1": "#1042"}
    bob = people["114562337991"]  # a web-link answer that filled in the contact question
    assert (bob["given_name"], bob["family_name"], bob["full_name"]) == (
        "Bob",
        "Jones",
        "Bob Jones",
    )
    assert bob["emails"] == ["bob.jones.trails@gmail.com"]
    assert bob["phones"] == ["+13035550123"]
    anonymous = people["114562337890"]
    assert (
        anonymous["full_name"] is None and anonymous["emails"] == [] and anonymous["phones"] == []
    )


def test_numeric_csat_and_a_scale_where_one_is_best(tmp_path: Path) -> None:
    rows = [_row("1", nps="7", csat="4"), _row("2", nps="9", csat="1"), _row("3", csat="5")]
    _, lake = _ingest(tmp_path / "a", _csv(rows))
    events = _by(lake.read("interaction"), "interaction_id")
    assert [events[i]["satisfaction"] for i in "123"] == [0.75, 0.0, 1.0]
    assert json.loads(events["1"]["attributes"])["nps_group"] == "passive"

    spec = (ROOT / "connectors" / "surveymonkey_responses.toml").read_text(encoding="utf-8")
    spec = spec.replace('name = "surveymonkey_responses"', 'name = "monkey_reversed"')
    hook = ROOT / "connectors" / "surveymonkey_responses.py"
    spec = spec.replace('hook = "surveymonkey_responses.py"', f'hook = "{hook}"')
    spec = spec.replace(
        "header_rows = 2\n",
        f'header_rows = 2\n\n[options.survey]\ncsat_question = "{CSAT}"\ncsat_reversed = true\n',
    )
    folder = tmp_path / "b" / "exports"
    folder.mkdir(parents=True)
    (folder / "Customer satisfaction survey.cxm.toml").write_text(spec, encoding="utf-8")
    report, lake = _ingest(tmp_path / "b", _csv(rows))
    assert report.files[0].connector == "monkey_reversed"
    events = _by(lake.read("interaction"), "interaction_id")
    assert [events[i]["satisfaction"] for i in "123"] == [0.25, 1.0, 0.0]


def test_questions_in_other_orders_and_a_matrix(tmp_path: Path) -> None:
    row1 = [
        "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
        "First Name", "Last Name", "Custom Data 1",
        "How satisfied are you with:", "", "Why?", "Would you recommend us to your friends?",
    ]  # fmt: skip
    row2 = [""] * 9 + ["Staff", "Prices", "Open-Ended Response", "Response"]
    rows = [["7", "9", "03/05/2024 02:21:09 PM", "03/05/2024 02:24:40 PM", "", "x@example.com",
             "Xi", "Li", "", "Very satisfied", "Dissatisfied", "Kind staff", "8"]]  # fmt: skip
    _, lake = _ingest(tmp_path, _csv(rows, row1, row2))
    (event,) = lake.read("interaction").iter_rows(named=True)
    attributes = json.loads(event["attributes"])
    # The matrix rows are not single answers: no CSAT is guessed from them.
    assert (attributes["nps"], attributes["csat"], event["satisfaction"]) == ("8", None, None)
    assert event["text"] == "Kind staff"


def test_unreadable_nps_is_quarantined_with_its_field(tmp_path: Path) -> None:
    report, lake = _ingest(tmp_path, _csv([*ROWS, _row("114562339999", nps="11")]))
    assert report.files[0].batch is not None
    assert report.files[0].batch.rows_quarantined == 1
    (problem,) = lake.read("quarantine").iter_rows(named=True)
    assert (problem["row"], problem["line"], problem["field"]) == (4, 6, NPS)
    assert problem["reason"] == (
        f"survey_response: NPS answer in field {NPS!r} is not a whole number from 0 to 10: '11'"
    )


@pytest.mark.parametrize(
    ("path", "connector"),
    [
        ("feedback/qualtrics-responses.csv", "qualtrics_responses"),
        ("feedback/surveymonkey-responses.csv", "surveymonkey_responses"),
    ],
)
def test_only_the_survey_connector_recognises_each_export(
    tmp_path: Path, path: str, connector: str
) -> None:
    file = ROOT / "sample_data" / path
    shape = shape_of(file.read_text(encoding="utf-8-sig"), file)
    registry = load_registry(Settings(home=tmp_path))
    matching = [
        s.name
        for s in registry
        if s.format == "csv" and s.detect.columns and set(s.detect.columns) <= set(shape.columns)
    ]
    assert matching == [connector]


def test_no_other_sample_export_looks_like_a_survey(tmp_path: Path) -> None:
    registry = load_registry(Settings(home=tmp_path))
    surveys = [s for s in registry if s.department == "feedback"]
    assert {s.name for s in surveys} == {"qualtrics_responses", "surveymonkey_responses"}
    others = [p for p in (ROOT / "sample_data").rglob("*.csv") if p.parent.name != "feedback"]
    assert len(others) >= 5
    for file in others:
        columns = set(shape_of(file.read_bytes().decode("utf-8", "replace"), file).columns)
        assert not any(set(s.detect.columns) <= columns for s in surveys), file
