"""Survey helpers: NPS, CSAT and comment questions found or named; answers read and checked."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cxm.errors import SpecError
from cxm.ingest.spec import SurveyOptions
from cxm.ingest.survey import (
    Question,
    Roles,
    answer_columns,
    find_roles,
    nps_score,
    satisfaction,
    survey_name,
)

P = Path("survey.csv")
QUESTIONS = [
    Question("Q1", "How did you hear about us?", ("QID1",)),
    Question("Q1_4_TEXT", "How did you hear about us? - Other - Text", ("QID1_4_TEXT",), False, False),
    Question("Q2", "How satisfied are you with your order?", ("QID2",)),
    Question("Q3", "How likely are you to recommend us to a friend or colleague?", ("QID3",)),
    Question("Q4", "Anything else?", ("QID4_TEXT",), open_ended=True),
    Question("Q5", "Why are you satisfied or not?", ("QID5_TEXT",), open_ended=True),
]  # fmt: skip


def test_roles_detected_from_the_question_text() -> None:
    assert find_roles(QUESTIONS, SurveyOptions(), P) == Roles(nps="Q3", csat="Q2", comment="Q4")


def test_a_hint_or_a_named_question_wins_over_detection() -> None:
    assert find_roles(QUESTIONS, SurveyOptions(), P, nps_hint="Q1").nps == "Q1"
    named = SurveyOptions(
        nps_question="qid1", csat_question="Q3", comment_question="Why are you satisfied or not?"
    )
    assert find_roles(QUESTIONS, named, P) == Roles(nps="Q1", csat="Q3", comment="Q5")


def test_an_unknown_named_question_lists_the_questions() -> None:
    with pytest.raises(SpecError) as info:
        find_roles(QUESTIONS, SurveyOptions(csat_question="Q9"), P)
    message = str(info.value)
    assert "survey.csv" in message and "csat_question = 'Q9'" in message
    assert "Q2 (How satisfied are you with your order?)" in message


def test_nothing_detected_without_such_questions() -> None:
    plain = [
        Question("Q1", "Your favourite colour?"),
        Question("Q2", "Other - Text", candidate=False),
    ]
    assert find_roles(plain, SurveyOptions(), P) == Roles()


def test_nps_scores_and_satisfaction_scales() -> None:
    frame = pl.DataFrame(
        {"v": ["0", "10", "9.0", "10 - Extremely likely", "11", "-1", "ten", None]}
    )
    assert frame.select(nps_score(pl.col("v"))).to_series().to_list() == [
        0, 10, 9, 10, None, None, None, None,
    ]  # fmt: skip
    labels = pl.DataFrame(
        {"v": ["Very satisfied", "somewhat  DISSATISFIED", "Neutral", "Very unsatisfied", "5", "2"]}
    )
    assert labels.select(satisfaction(pl.col("v"))).to_series().to_list() == [
        1.0, 0.25, 0.5, 0.0, 1.0, 0.25,
    ]  # fmt: skip
    seven = labels.select(satisfaction(pl.col("v"), 7)).to_series().to_list()
    assert seven[4:] == [0.6667, 0.1667]
    reversed_scale = labels.select(satisfaction(pl.col("v"), reversed_scale=True)).to_series()
    assert reversed_scale.to_list()[4:] == [0.0, 0.75]  # 1 is the most satisfied


def test_answer_columns_and_unreadable_answers() -> None:
    frame = pl.DataFrame(
        {
            "__row": [1, 2, 3, 4],
            "nps": ["9", "", "11", "3"],
            "sat": ["4", "Very satisfied", " ", "Good"],
            "why": ["Great", None, None, "Slow"],
        }
    )
    roles = Roles(nps="nps", csat="sat", comment="why")
    out = answer_columns(frame, roles, SurveyOptions(), "Pulse")
    assert out["nps"].to_list() == ["9", None, None, "3"]
    assert out["nps_group"].to_list() == ["promoter", None, None, "detractor"]
    assert out["csat"].to_list() == ["4", "Very satisfied", None, "Good"]
    assert out["__satisfaction"].to_list() == ["0.75", "1.0", None, None]
    assert out["__title"].to_list() == [
        "NPS 9 · Pulse",
        "CSAT Very satisfied · Pulse",
        "Survey response · Pulse",
        "NPS 3 · Pulse",
    ]
    assert out["__comment"].to_list() == ["Great", None, None, "Slow"]
    assert out["__skip_field"].to_list() == [None, None, "nps", "sat"]
    reasons = out["__skip_reason"].to_list()
    assert reasons[:2] == [None, None]
    assert reasons[2] == (
        "survey_response: NPS answer in field 'nps' is not a whole number from 0 to 10: '11'"
    )
    assert reasons[3] == (
        "survey_response: CSAT answer in field 'sat' is neither a 1-5 rating nor a "
        "satisfaction label: 'Good'"
    )


def test_a_companion_group_wins_and_roles_may_be_missing() -> None:
    frame = pl.DataFrame({"n": ["6", "8"], "g": ["3", "Passive"]})
    out = answer_columns(frame, Roles(nps="n"), SurveyOptions(), "S", group="g")
    assert out["nps_group"].to_list() == ["promoter", "passive"]
    assert out["csat"].to_list() == [None, None] and out["__comment"].to_list() == [None, None]


def test_survey_name_from_the_option_or_the_file() -> None:
    assert survey_name(SurveyOptions(name="Pulse"), P) == "Pulse"
    assert (
        survey_name(SurveyOptions(), Path("Store visit_November 3, 2026_09.05.csv"))
        == "Store visit"
    )
    assert survey_name(SurveyOptions(), Path("post_purchase-nps.csv")) == "Post purchase nps"
