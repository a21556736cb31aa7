"""SurveyMonkey CSV export: question texts in row 1, answer options in row 2.

A question spans one column, or several when it has answer options of its own (multi-select,
matrix rows, "Other (please specify)", the fields of a Contact Information question): its text
heads the first of them and the others are blank in row 1, with the option's label in row 2.
``prepare`` groups the columns into questions, finds the NPS, CSAT and comment questions (see
:mod:`cxm.ingest.survey`) and adds:

- the survey columns of :func:`cxm.ingest.survey.answer_columns` (``nps``, ``nps_group``, ``csat``,
  ``survey``, ``__satisfaction``, ``__comment``, ``__title``);
- ``contact.name``, ``contact.email``, ``contact.phone``, ``contact.company``: the answers to a
  Contact Information question;
- ``__channel``: ``email`` for responses to an email invitation (they carry the address), else
  ``web``.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.errors import SpecError
from cxm.ingest.survey import Question, answer_columns, find_roles, survey_name

# The questions are only known from the file's header rows: the reader keeps every column.
ALL_COLUMNS = True

METADATA = frozenset(
    {
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
    }
)
SINGLE = "response"
OPEN_ENDED = "open-ended response"
CONTACT_FIELDS = {
    "name": "contact.name",
    "full name": "contact.name",
    "company": "contact.company",
    "email address": "contact.email",
    "email": "contact.email",
    "phone number": "contact.phone",
    "phone": "contact.phone",
}


def _questions(
    columns: tuple[str, ...], texts: tuple[str, ...], labels: tuple[str, ...]
) -> tuple[list[Question], dict[str, str]]:
    """The answer columns as questions, and the contact fields found (``contact.email`` → column)."""
    questions: list[Question] = []
    contact: dict[str, str] = {}
    current = ""
    started = False
    for column, text, label in zip(columns, texts, labels, strict=True):
        text, label = text.strip(), label.strip()
        if not started:
            # Metadata (blank in row 2, "Custom Data N" included) until the first question.
            if not label and (text in METADATA or text.startswith("Custom Data") or not text):
                continue
            started = True
        if text:
            current = text
        kind = label.casefold()
        if kind in CONTACT_FIELDS:
            contact.setdefault(CONTACT_FIELDS[kind], column)
        part = current if kind in (SINGLE, OPEN_ENDED, "") else f"{current} - {label}"
        questions.append(
            Question(
                column=column,
                text=current,
                names=(part,),
                open_ended=kind == OPEN_ENDED,
                candidate=kind == SINGLE,
            )
        )
    return questions, contact


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Group the columns into questions and add the survey columns (see the module doc)."""
    if len(ctx.header) < 2:
        msg = (
            f"connector {ctx.spec.name}: a SurveyMonkey export has two header rows; "
            "set options.header_rows = 2"
        )
        raise SpecError(msg)
    options = ctx.spec.options.survey
    questions, contact = _questions(ctx.columns, ctx.header[0], ctx.header[1])
    roles = find_roles(questions, options, ctx.path)
    frame = answer_columns(frame, roles, options, survey_name(options, ctx.path))
    email = (
        pl.col("Email Address").str.strip_chars()
        if "Email Address" in frame.columns
        else pl.lit(None, dtype=pl.String)
    )
    return frame.with_columns(
        *(
            (pl.col(contact[name]) if name in contact else pl.lit(None, dtype=pl.String)).alias(
                name
            )
            for name in sorted(set(CONTACT_FIELDS.values()))
        ),
        pl.when(email.str.len_chars() > 0)
        .then(pl.lit("email"))
        .otherwise(pl.lit("web"))
        .alias("__channel"),
    )
