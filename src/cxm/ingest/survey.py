"""Helpers the survey connectors share: which questions hold the NPS, CSAT and comment, and what
their answers mean.

Connector hooks are imported by path, so code that both survey hooks (Qualtrics, SurveyMonkey)
need lives here. A hook describes the export's questions as :class:`Question` values (from the
extra header rows it was given), :func:`find_roles` picks the NPS, CSAT and comment questions
(named in ``options.survey`` or detected from the question text), and :func:`answer_columns`
adds the columns the survey specs map, working on whole columns:

``nps`` (0-10 as text), ``nps_group`` (detractor / passive / promoter), ``csat`` (the answer as
written), ``survey`` (the survey's name), ``__satisfaction`` (the CSAT answer on 0..1),
``__comment`` and ``__title``. A row whose NPS or CSAT answer cannot be read gets a
``__skip_reason`` naming the field and the value, so it is quarantined rather than loaded wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from cxm.errors import SpecError
from cxm.ingest.spec import SurveyOptions

NPS_TEXT: Final = re.compile(r"(?i)\brecommend")
NPS_AUDIENCE: Final = re.compile(r"(?i)\b(friends?|colleagues?|family)\b")
CSAT_TEXT: Final = re.compile(r"(?i)satisf")

LABEL_POINTS: Final[dict[str, int]] = {
    **dict.fromkeys(
        ["very satisfied", "extremely satisfied", "completely satisfied", "highly satisfied"], 5
    ),
    **dict.fromkeys(
        ["satisfied", "somewhat satisfied", "mostly satisfied", "moderately satisfied"], 4
    ),
    **dict.fromkeys(
        [
            "neither satisfied nor dissatisfied",
            "neither satisfied nor unsatisfied",
            "neither satisfied or dissatisfied",
            "neutral",
        ],
        3,
    ),
    **dict.fromkeys(
        [
            "dissatisfied",
            "unsatisfied",
            "somewhat dissatisfied",
            "somewhat unsatisfied",
            "mostly dissatisfied",
            "moderately dissatisfied",
        ],
        2,
    ),
    **dict.fromkeys(
        [
            "very dissatisfied",
            "very unsatisfied",
            "extremely dissatisfied",
            "extremely unsatisfied",
            "completely dissatisfied",
            "highly dissatisfied",
        ],
        1,
    ),
}
"""Satisfaction labels (lower case) on the 5-point scale, 5 the most satisfied."""

NPS_GROUPS: Final[dict[str, str]] = {
    "1": "detractor",
    "2": "passive",
    "3": "promoter",
    "detractor": "detractor",
    "passive": "passive",
    "promoter": "promoter",
}
"""Qualtrics' ``_NPS_GROUP`` companion values (numeric or choice text) as group names."""


@dataclass(frozen=True)
class Question:
    """One answer column of a survey export.

    ``column`` is the frame's column name, ``text`` the question text (with the sub-item, if
    any), ``names`` other names a spec may give it (a Qualtrics import id), ``open_ended`` whether
    it is a free-text answer and ``candidate`` whether it may be the NPS or CSAT question (a
    single-answer column, not an "other, please specify" text or a multi-select option).
    """

    column: str
    text: str
    names: tuple[str, ...] = ()
    open_ended: bool = False
    candidate: bool = True


@dataclass(frozen=True)
class Roles:
    """The columns holding the NPS, CSAT and comment answers (None when the survey has none)."""

    nps: str | None = None
    csat: str | None = None
    comment: str | None = None


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _named(questions: Sequence[Question], wanted: str, option: str, path: Path) -> str:
    key = _key(wanted)
    # A column name is the surest match, then an import id, then the question text.
    for names in (
        [(q.column, (q.column,)) for q in questions],
        [(q.column, q.names) for q in questions],
        [(q.column, (q.text,)) for q in questions],
    ):
        found = [column for column, keys in names if any(_key(k) == key for k in keys)]
        if found:
            return found[0]
    listed = "; ".join(f"{q.column} ({q.text[:60]})" for q in questions[:30])
    msg = (
        f"{path}: options.survey.{option} = {wanted!r} names no question of this export "
        f"(a column, question text or import id); its questions: {listed or '(none)'}"
    )
    raise SpecError(msg)


def find_roles(
    questions: Sequence[Question],
    options: SurveyOptions,
    path: Path,
    *,
    nps_hint: str | None = None,
) -> Roles:
    """Pick the NPS, CSAT and comment questions.

    A question named in ``options`` wins (an unknown name is a :class:`SpecError` listing the
    questions). Otherwise: the NPS question is ``nps_hint`` (Qualtrics marks it with an
    ``_NPS_GROUP`` companion column), else the first single-answer question whose text asks to
    recommend to a friend, colleague or family; CSAT the first other single-answer question whose
    text says "satisf"; the comment the first open-ended question.
    """
    nps = (
        _named(questions, options.nps_question, "nps_question", path)
        if options.nps_question
        else nps_hint
        or next(
            (
                q.column
                for q in questions
                if q.candidate
                and not q.open_ended
                and NPS_TEXT.search(q.text)
                and NPS_AUDIENCE.search(q.text)
            ),
            None,
        )
    )
    csat = (
        _named(questions, options.csat_question, "csat_question", path)
        if options.csat_question
        else next(
            (
                q.column
                for q in questions
                if q.candidate and not q.open_ended and q.column != nps and CSAT_TEXT.search(q.text)
            ),
            None,
        )
    )
    comment = (
        _named(questions, options.comment_question, "comment_question", path)
        if options.comment_question
        else next((q.column for q in questions if q.open_ended), None)
    )
    return Roles(nps=nps, csat=csat, comment=comment)


def survey_name(options: SurveyOptions, path: Path) -> str:
    """``options.survey.name``, else the export's file name without the tool's date suffix.

    Qualtrics names an export ``<survey>_<Month D, YYYY>_<HH.MM>.csv`` and SurveyMonkey after the
    survey's title, so the file name is the survey's name unless someone renamed the file.

    Examples
    --------
    >>> survey_name(SurveyOptions(), Path("Post-purchase survey_March 5, 2024_14.21.csv"))
    'Post-purchase survey'
    >>> survey_name(SurveyOptions(), Path("qualtrics-responses.csv"))
    'Qualtrics responses'
    """
    if options.name:
        return options.name
    stem = re.sub(r"_[A-Z][a-z]+ \d{1,2}, \d{4}_\d{1,2}\.\d{2}$", "", path.stem)
    if stem == stem.lower():
        stem = stem.replace("_", " ").replace("-", " ").strip()
        stem = stem[:1].upper() + stem[1:]
    return stem or path.name


def _text(frame: pl.DataFrame, column: str | None) -> pl.Expr:
    """The column trimmed, blank as null; null when there is no such column."""
    if column is None or column not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    value = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(value.str.len_chars() > 0).then(value)


def _leading_int(value: pl.Expr) -> pl.Expr:
    """``9``, ``9.0`` and ``10 - Extremely likely`` as integers; anything else null."""
    return value.str.extract(r"^(\d{1,3})(?:\.0+)?(?:\s*(?:-|\u2013|:)\s*\D.*)?$").cast(
        pl.Int32, strict=False
    )


def nps_score(raw: pl.Expr) -> pl.Expr:
    """The 0-10 answer as an integer; null when blank or not a whole number from 0 to 10."""
    score = _leading_int(raw)
    return pl.when(score.is_between(0, 10)).then(score)


def nps_group(score: pl.Expr) -> pl.Expr:
    """detractor (0-6), passive (7-8) or promoter (9-10)."""
    return (
        pl.when(score >= 9)
        .then(pl.lit("promoter"))
        .when(score >= 7)
        .then(pl.lit("passive"))
        .when(score.is_not_null())
        .then(pl.lit("detractor"))
    )


def csat_points(raw: pl.Expr, scale: int = 5, *, reversed_scale: bool = False) -> pl.Expr:
    """The CSAT answer as ``(points, scale)``: a satisfaction label on the 5-point scale, or a
    number from 1 to ``scale`` (``reversed_scale``: 1 is the most satisfied). Null when unreadable.
    """
    label = (
        raw.str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .replace_strict(LABEL_POINTS, default=None, return_dtype=pl.Int32)
    )
    number = _leading_int(raw)
    number = pl.when(number.is_between(1, scale)).then(number)
    if reversed_scale:
        number = scale + 1 - number
    labelled = pl.struct(label.alias("points"), pl.lit(5, dtype=pl.Int32).alias("scale"))
    numbered = pl.struct(number.alias("points"), pl.lit(scale, dtype=pl.Int32).alias("scale"))
    return pl.when(label.is_not_null()).then(labelled).when(number.is_not_null()).then(numbered)


def satisfaction(raw: pl.Expr, scale: int = 5, *, reversed_scale: bool = False) -> pl.Expr:
    """The CSAT answer on 0..1: ``(points - 1) / (scale - 1)``, so 4 of 5 is 0.75.

    Examples
    --------
    >>> frame = pl.DataFrame({"a": ["4", "Very satisfied", "Neutral", "1", "7", None]})
    >>> frame.select(satisfaction(pl.col("a"))).to_series().to_list()
    [0.75, 1.0, 0.5, 0.0, None, None]
    """
    points = csat_points(raw, scale, reversed_scale=reversed_scale)
    ratio = (points.struct.field("points") - 1) / (points.struct.field("scale") - 1)
    return ratio.round(4)


def answer_columns(
    frame: pl.DataFrame,
    roles: Roles,
    options: SurveyOptions,
    name: str,
    *,
    group: str | None = None,
) -> pl.DataFrame:
    """Add the survey columns (see the module doc) from the questions in ``roles``.

    ``group`` is a column classifying the NPS answer already (Qualtrics' ``_NPS_GROUP``); it wins
    over the group worked out from the score. Rows whose NPS or CSAT answer is present but
    unreadable get a ``__skip_reason`` and ``__skip_field`` (earlier skip reasons are kept).
    """
    nps_raw, csat_raw = _text(frame, roles.nps), _text(frame, roles.csat)
    score = nps_score(nps_raw)
    rating = satisfaction(csat_raw, options.csat_scale, reversed_scale=options.csat_reversed)
    companion = _text(frame, group).str.to_lowercase().replace_strict(NPS_GROUPS, default=None)
    scale = f"1-{options.csat_scale} rating" + (" (1 best)" if options.csat_reversed else "")
    bad_nps = nps_raw.is_not_null() & score.is_null()
    bad_csat = csat_raw.is_not_null() & rating.is_null()
    # Built by concatenation: a column named by its question text may hold braces.
    reasons = [
        pl.when(bad_nps).then(
            pl.concat_str(
                pl.lit(
                    f"survey_response: NPS answer in field {roles.nps!r} is not a whole number "
                    "from 0 to 10: '"
                ),
                nps_raw,
                pl.lit("'"),
            )
        ),
        pl.when(bad_csat).then(
            pl.concat_str(
                pl.lit(
                    f"survey_response: CSAT answer in field {roles.csat!r} is neither a {scale} "
                    "nor a satisfaction label: '"
                ),
                csat_raw,
                pl.lit("'"),
            )
        ),
    ]
    earlier = _text(frame, "__skip_reason")
    earlier_field = _text(frame, "__skip_field")
    csat_text = pl.when(rating.is_not_null()).then(csat_raw)
    title = (
        pl.when(score.is_not_null())
        .then(pl.format("NPS {} · {}", score, pl.lit(name)))
        .when(csat_text.is_not_null())
        .then(pl.format("CSAT {} · {}", csat_text, pl.lit(name)))
        .otherwise(pl.format("Survey response · {}", pl.lit(name)))
    )
    return frame.with_columns(
        score.cast(pl.String).alias("nps"),
        pl.when(score.is_not_null())
        .then(pl.coalesce(companion, nps_group(score)))
        .alias("nps_group"),
        csat_raw.alias("csat"),
        pl.lit(name).alias("survey"),
        rating.cast(pl.String).alias("__satisfaction"),
        _text(frame, roles.comment).alias("__comment"),
        title.alias("__title"),
        pl.coalesce(earlier, pl.concat_str(reasons, separator="; ", ignore_nulls=True))
        .replace("", None)
        .alias("__skip_reason"),
        pl.coalesce(
            earlier_field,
            pl.when(bad_nps)
            .then(pl.lit(roles.nps, dtype=pl.String))
            .when(bad_csat)
            .then(pl.lit(roles.csat, dtype=pl.String)),
        ).alias("__skip_field"),
    )
