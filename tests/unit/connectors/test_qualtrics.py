"""Qualtrics survey export: three header rows, time zones from the ImportId row, the NPS group
companion, previews and spam quarantined, choice-text and numeric exports, named questions."""

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
from cxm.errors import SpecError, UnreadableFileError
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import IngestReport, ingest
from cxm.insight.traits import trait_frame

CONNECTORS = Path(__file__).resolve().parents[3] / "connectors"
NPS_TEXT = "How likely are you to recommend Northwind Outfitters to a friend or colleague?"
META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]
QUESTIONS = [
    ("Q1", "Overall, how satisfied are you with your recent purchase?", "QID1"),
    ("Q2", NPS_TEXT, "QID2"),
    ("Q2_NPS_GROUP", f"{NPS_TEXT} - Group", "QID2_NPS_GROUP"),
    ("Q3", "How did you hear about us? - Selected Choice", "QID3"),
    ("Q3_4_TEXT", "How did you hear about us? - Other (please specify) - Text", "QID3_4_TEXT"),
    ("Q4", "What is the main reason for your score?\n(optional)", "QID4_TEXT"),
    ("Phone", "Phone", "Phone"),
]
COLUMNS = [name for name, _, _ in META + QUESTIONS]


def _row(**values: str) -> list[str]:
    base = {
        "StartDate": "2024-03-05 14:15:02",
        "EndDate": "2024-03-05 14:21:09",
        "Status": "IP Address",
        "IPAddress": "73.14.2.9",
        "Progress": "100",
        "Duration (in seconds)": "367",
        "Finished": "True",
        "RecordedDate": "2024-03-05 14:21:09",
        "LocationLatitude": "39.9936",
        "LocationLongitude": "-105.0897",
        "DistributionChannel": "email",
        "UserLanguage": "EN",
    }
    base.update(values)
    return [base.get(c, "") for c in COLUMNS]


ROWS = [
    _row(
        Status="Survey Preview",
        IPAddress="",
        DistributionChannel="preview",
        ResponseId="R_preview0000001",
        Q1="Somewhat satisfied",
        Q2="8",
        Q2_NPS_GROUP="Passive",
    ),
    _row(
        ResponseId="R_1a2B3c4D5e6F7g8",
        RecipientLastName="Lee",
        RecipientFirstName="Ann",
        RecipientEmail=" Ann.Lee@Example.com",
        ExternalReference="0035g00000tkXMDAA2",
        Q1="Extremely satisfied",
        Q2="10",
        Q2_NPS_GROUP="Promoter",
        Q3="Friend or family",
        Q4="Great boots, friendly staff!",
        Phone="(303) 555-0123",
    ),
    _row(
        StartDate="2024-07-06 09:00:00",
        EndDate="2024-07-06 09:02:00",
        RecordedDate="2024-07-13 09:02:00",
        Progress="40",
        Finished="False",
        ResponseId="R_partial00000001",
        RecipientLastName="Lee",
        RecipientFirstName="Ann",
        RecipientEmail="ann.lee@example.com",
        Q1="Somewhat dissatisfied",
    ),
    _row(
        Status="Spam",
        ResponseId="R_spam0000000001",
        DistributionChannel="anonymous",
        Q2="10",
        Q2_NPS_GROUP="Promoter",
        Q4="cheap gear outlet dot biz",
    ),
    _row(
        StartDate="2024-08-01 09:55:00",
        EndDate="2024-08-01 10:00:00",
        RecordedDate="2024-08-01 10:00:00",
        ResponseId="R_anon0000000001",
        DistributionChannel="anonymous",
        Q1="Extremely dissatisfied",
        Q2="2",
        Q2_NPS_GROUP="Detractor",
        Q3="Other (please specify)",
        Q3_4_TEXT="Podcast ad",
        Q4="The tent leaked and nobody answered my emails.",
    ),
]


def _csv(
    rows: list[list[str]],
    *,
    zone: str | None = "America/Denver",
    questions: list[tuple[str, str, str]] | None = None,
    header_rows: int = 3,
) -> bytes:
    spec = META + (QUESTIONS if questions is None else questions)
    ids = []
    for _, _, import_id in spec:
        value: dict[str, Any] = {"ImportId": import_id}
        if zone and import_id in ("startDate", "endDate", "recordedDate"):
            value["timeZone"] = zone
        ids.append(json.dumps(value, separators=(",", ":")))
    header = [[n for n, _, _ in spec], [t for _, t, _ in spec], ids][:header_rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([*header, *rows])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _ingest(
    tmp_path: Path,
    data: bytes,
    name: str = "Post-purchase survey_March 5, 2024_14.21.csv",
    **env: Any,
) -> tuple[IngestReport, Lake]:
    path = tmp_path / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    settings = Settings(home=tmp_path / "home", **env)
    return ingest([path.parent], settings), Lake(settings.lake_dir)


def _by(frame: pl.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def test_three_header_rows_previews_and_spam_quarantined(tmp_path: Path) -> None:
    report, lake = _ingest(tmp_path, _csv(ROWS))
    result = report.files[0]
    assert result.connector == "qualtrics_responses"
    assert result.batch is not None
    batch = result.batch
    assert (batch.rows_read, batch.rows_staged, batch.rows_quarantined) == (5, 3, 2)
    assert (batch.identity_records, batch.interactions) == (3, 3)
    quarantine = lake.read("quarantine").sort("row")
    assert quarantine.select("row", "line", "field").rows() == [(1, 5, "Status"), (4, 8, "Status")]
    assert quarantine["reason"].to_list() == [
        "excluded: a survey preview or test, not a customer's answer (Status = 'Survey Preview')",
        "excluded: flagged as spam by Qualtrics (Status = 'Spam')",
    ]
    assert quarantine["file"][0].endswith("_14.21.csv")
    assert json.loads(quarantine["raw"][1])["Q4"] == "cheap gear outlet dot biz"
    events = lake.read("interaction").sort("source_row")
    # The header spans lines 1-4: the question text of Q4 holds a newline.
    assert events.select("source_row", "source_line").rows() == [(2, 6), (3, 7), (5, 9)]


def test_responses_become_survey_response_interactions(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path, _csv(ROWS))
    events = _by(lake.read("interaction"), "interaction_id")
    ann = events["R_1a2B3c4D5e6F7g8"]
    assert (ann["source"], ann["connector"], ann["department"], ann["kind"]) == (
        "qualtrics",
        "qualtrics_responses",
        "feedback",
        "survey_response",
    )
    assert ann["record_id"] == "R_1a2B3c4D5e6F7g8"
    assert ann["title"] == "NPS 10 · Post-purchase survey"
    assert ann["text"] == "Great boots, friendly staff!"
    assert (ann["channel"], ann["status"], ann["satisfaction"]) == ("email", "completed", 1.0)
    attributes = json.loads(ann["attributes"])
    assert attributes["survey"] == "Post-purchase survey"
    assert (attributes["nps"], attributes["nps_group"]) == ("10", "promoter")
    assert attributes["csat"] == "Extremely satisfied"
    assert attributes["Progress"] == "100" and attributes["UserLanguage"] == "EN"

    anonymous = events["R_anon0000000001"]
    assert anonymous["channel"] == "web"
    assert anonymous["satisfaction"] == 0.0
    assert json.loads(anonymous["attributes"])["nps_group"] == "detractor"

    partial = events["R_partial00000001"]
    assert partial["status"] == "partial"
    assert partial["title"] == "CSAT Somewhat dissatisfied · Post-purchase survey"
    assert partial["satisfaction"] == 0.25
    assert json.loads(partial["attributes"])["nps"] is None  # the NPS question was left blank
    assert partial["text"] is None


def test_dates_in_the_zone_the_import_id_row_names(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path, _csv(ROWS))
    events = _by(lake.read("interaction"), "interaction_id")
    # 14:21:09 in Denver (MST, -07:00) and 09:02 a week later (MDT, -06:00).
    assert events["R_1a2B3c4D5e6F7g8"]["occurred_at"] == datetime(2024, 3, 5, 21, 21, 9, tzinfo=UTC)
    assert events["R_partial00000001"]["occurred_at"] == datetime(2024, 7, 13, 15, 2, tzinfo=UTC)
    assert json.loads(events["R_1a2B3c4D5e6F7g8"]["attributes"])["StartDate"] == (
        "2024-03-05T21:15:02Z"
    )
    people = _by(lake.read("identity_record"), "record_id")
    assert people["R_1a2B3c4D5e6F7g8"]["created_at"] == datetime(2024, 3, 5, 21, 21, 9, tzinfo=UTC)


def test_other_zone_and_the_setting_when_the_row_names_none(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path / "a", _csv(ROWS, zone="Europe/Amsterdam"))
    events = _by(lake.read("interaction"), "interaction_id")
    assert events["R_1a2B3c4D5e6F7g8"]["occurred_at"] == datetime(2024, 3, 5, 13, 21, 9, tzinfo=UTC)
    _, lake = _ingest(tmp_path / "b", _csv(ROWS, zone=None), source_timezone="America/New_York")
    events = _by(lake.read("interaction"), "interaction_id")
    assert events["R_1a2B3c4D5e6F7g8"]["occurred_at"] == datetime(2024, 3, 5, 19, 21, 9, tzinfo=UTC)
    with pytest.raises(
        UnreadableFileError, match="unknown time zone for StartDate: 'Mars/Olympus'"
    ):
        _ingest(tmp_path / "c", _csv(ROWS, zone="Mars/Olympus"))


def test_person_records_per_response(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path, _csv(ROWS))
    people = _by(lake.read("identity_record"), "record_id")
    assert sorted(people) == ["R_1a2B3c4D5e6F7g8", "R_anon0000000001", "R_partial00000001"]
    ann = people["R_1a2B3c4D5e6F7g8"]
    assert (ann["source"], ann["department"]) == ("qualtrics", "feedback")
    assert (ann["given_name"], ann["family_name"], ann["full_name"]) == ("Ann", "Lee", "Ann Lee")
    assert ann["emails"] == ["ann.lee@example.com"]
    assert ann["phones"] == ["+13035550123"]
    assert ann["external_ids"] == ["0035g00000tkXMDAA2"]
    # Her second answer is a record of its own with the same email: resolution joins them.
    assert people["R_partial00000001"]["emails"] == ["ann.lee@example.com"]
    anonymous = people["R_anon0000000001"]
    assert (
        anonymous["full_name"] is None and anonymous["emails"] == [] and anonymous["phones"] == []
    )


def test_numeric_values_export(tmp_path: Path) -> None:
    rows = [
        _row(Status="1", ResponseId="R_preview0000001", Q2="5", Q2_NPS_GROUP="1"),
        _row(Status="0", Finished="1", ResponseId="R_num00000000001", Q1="4", Q2="7", Q2_NPS_GROUP="2"),
        _row(Status="0", Finished="0", ResponseId="R_num00000000002", Q1="1", Q2="0", Q2_NPS_GROUP="1"),
        _row(Status="8", ResponseId="R_spam0000000001", Q2="10", Q2_NPS_GROUP="3"),
    ]  # fmt: skip
    report, lake = _ingest(tmp_path, _csv(rows))
    assert report.files[0].problems_by_reason == {
        "excluded: a survey preview or test, not a customer's answer (Status = '1')": 1,
        "excluded: flagged as spam by Qualtrics (Status = '8')": 1,
    }
    events = _by(lake.read("interaction"), "interaction_id")
    first, second = events["R_num00000000001"], events["R_num00000000002"]
    assert (first["satisfaction"], first["status"]) == (0.75, "completed")
    assert (second["satisfaction"], second["status"]) == (0.0, "partial")
    assert json.loads(first["attributes"])["nps_group"] == "passive"
    assert json.loads(second["attributes"])["nps"] == "0"


def test_the_group_companion_marks_the_nps_question(tmp_path: Path) -> None:
    questions = [
        ("Q1", "On a scale of 0-10, would you tell others about Northwind?", "QID1"),
        ("Q1_NPS_GROUP", "On a scale of 0-10, would you tell others about Northwind? - Group", "QID1_NPS_GROUP"),
        ("Q5", "How satisfied were you with the checkout?", "QID5"),
        ("Q6", "Comments", "QID6_TEXT"),
    ]  # fmt: skip
    columns = [n for n, _, _ in META] + [n for n, _, _ in questions]
    values = dict(zip(COLUMNS, _row(ResponseId="R_x", RecipientEmail="x@example.com"), strict=True))
    values.update(Q1="6", Q1_NPS_GROUP="Detractor", Q5="Extremely satisfied", Q6="Slow checkout")
    _, lake = _ingest(tmp_path, _csv([[values.get(c, "") for c in columns]], questions=questions))
    (event,) = lake.read("interaction").iter_rows(named=True)
    attributes = json.loads(event["attributes"])
    assert (attributes["nps"], attributes["nps_group"], attributes["csat"]) == (
        "6",
        "detractor",
        "Extremely satisfied",
    )
    assert (event["text"], event["satisfaction"]) == ("Slow checkout", 1.0)


def _mapping(tmp_path: Path, export: str, survey: str) -> None:
    spec = (CONNECTORS / "qualtrics_responses.toml").read_text(encoding="utf-8")
    spec = spec.replace('name = "qualtrics_responses"', 'name = "my_qualtrics"')
    spec = spec.replace(
        'hook = "qualtrics_responses.py"', f'hook = "{CONNECTORS / "qualtrics_responses.py"}"'
    )
    spec = spec.replace("header_rows = 3\n", f"header_rows = 3\n\n[options.survey]\n{survey}\n")
    folder = tmp_path / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / (Path(export).stem + ".cxm.toml")).write_text(spec, encoding="utf-8")


def test_questions_named_in_the_spec_when_detection_fails(tmp_path: Path) -> None:
    questions = [
        ("Q7", "Score us from 0 to 10", "QID7"),
        ("Q8", "Rate your visit (1 = best, 5 = worst)", "QID8"),
        ("Q9", "Tell us more", "QID9_TEXT"),
        ("Q10", "Anything else?", "QID10_TEXT"),
    ]
    columns = [n for n, _, _ in META] + [n for n, _, _ in questions]
    values = dict(zip(COLUMNS, _row(ResponseId="R_x", RecipientEmail="x@example.com"), strict=True))
    values.update(Q7="9", Q8="2", Q9="fine", Q10="Loved the staff")
    data = _csv([[values.get(c, "") for c in columns]], questions=questions)
    # Detected: no NPS, no CSAT; the first text entry is the comment.
    _, lake = _ingest(tmp_path / "a", data, name="visit.csv")
    (event,) = lake.read("interaction").iter_rows(named=True)
    assert (json.loads(event["attributes"])["nps"], event["satisfaction"]) == (None, None)
    assert (event["title"], event["text"]) == ("Survey response · Visit", "fine")

    _mapping(
        tmp_path / "b",
        "visit.csv",
        'name = "Store visit"\nnps_question = "Q7"\ncsat_question = "QID8"\n'
        'csat_reversed = true\ncomment_question = "Anything else?"',
    )
    report, lake = _ingest(tmp_path / "b", data, name="visit.csv")
    assert report.files[0].connector == "my_qualtrics"
    (event,) = lake.read("interaction").iter_rows(named=True)
    assert json.loads(event["attributes"])["nps"] == "9"
    assert event["satisfaction"] == 0.75  # 2 where 1 is best
    assert (event["title"], event["text"]) == ("NPS 9 · Store visit", "Loved the staff")

    _mapping(tmp_path / "c", "visit.csv", 'nps_question = "Q99"')
    with pytest.raises(SpecError, match=r"nps_question = 'Q99' names no question.*Q7 \(Score us"):
        _ingest(tmp_path / "c", data, name="visit.csv")


def test_unreadable_answers_are_quarantined_with_their_field(tmp_path: Path) -> None:
    rows = [
        _row(ResponseId="R_ok", Q2="9"),
        _row(ResponseId="R_bad", Q2="11", Q1="Delighted"),
    ]
    report, lake = _ingest(tmp_path, _csv(rows))
    assert report.files[0].batch is not None
    assert report.files[0].batch.rows_quarantined == 1
    (problem,) = lake.read("quarantine").iter_rows(named=True)
    assert (problem["row"], problem["line"], problem["field"]) == (2, 6, "Q2")
    assert problem["reason"] == (
        "survey_response: NPS answer in field 'Q2' is not a whole number from 0 to 10: '11'; "
        "survey_response: CSAT answer in field 'Q1' is neither a 1-5 rating nor a satisfaction "
        "label: 'Delighted'"
    )


def test_detected_only_with_the_import_id_row(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="row 3 is not Qualtrics' ImportId row"):
        _ingest(tmp_path, _csv(ROWS, header_rows=2))


def test_measures_read_the_nps_and_csat(tmp_path: Path) -> None:
    _, lake = _ingest(tmp_path, _csv(ROWS))
    events = lake.read("interaction").with_columns(pl.lit("cus_ann").alias("customer_id"))
    traits = trait_frame(events, datetime(2026, 11, 20, tzinfo=UTC)).row(0, named=True)
    assert (traits["nps"], traits["nps_category"]) == (2, "detractor")  # the latest answer
    assert (traits["csat_ratings"], traits["csat"]) == (3, 0.3333)
