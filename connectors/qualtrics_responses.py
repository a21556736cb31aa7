"""Qualtrics CSV export: question texts and import ids in header rows 2 and 3.

``prepare`` reads the questions from the header rows (row 2 the text, row 3 the import id as
JSON), finds the NPS question (the one with a ``_NPS_GROUP`` companion), the CSAT and the
comment questions (see :mod:`cxm.ingest.survey`), rewrites the dates in UTC from the zone row 3
names, and adds:

- the survey columns of :func:`cxm.ingest.survey.answer_columns` (``nps``, ``nps_group``, ``csat``,
  ``survey``, ``__satisfaction``, ``__comment``, ``__title``);
- ``__channel``: the distribution channel as a channel (an anonymous link is ``web``);
- ``__status``: ``completed`` or ``partial`` (``Finished``).
"""

from __future__ import annotations

import json
import re
import zoneinfo
from typing import Any

import polars as pl

from cxm.errors import SpecError, UnreadableFileError
from cxm.ingest import normalize as nz
from cxm.ingest.survey import Question, answer_columns, find_roles, survey_name

# The questions are only known from the file's header rows: the reader keeps every column.
ALL_COLUMNS = True

DATE_IMPORT_IDS = ("startDate", "endDate", "recordedDate")
CHANNELS = {
    "anonymous": "web",
    "gl": "web",
    "qr": "web",
    "email": "email",
    "personal": "email",
    "sms": "sms",
    "social": "social",
    "offline": "offline",
    "preview": "preview",
    "test": "test",
}
_NPS_GROUP = re.compile(r"(QID\d+)_NPS_GROUP")
_OPEN_ENDED = re.compile(r"QID\d+_TEXT")
_SINGLE = re.compile(r"QID\d+(?:_\d+)?")


def _import_id(cell: str) -> dict[str, Any] | None:
    try:
        value = json.loads(cell)
    except (json.JSONDecodeError, TypeError):
        return None
    return value if isinstance(value, dict) and isinstance(value.get("ImportId"), str) else None


def _questions(
    columns: tuple[str, ...], texts: tuple[str, ...], imports: list[dict[str, Any] | None]
) -> tuple[list[Question], dict[str, str]]:
    """The answer columns as questions, and each NPS question's ``_NPS_GROUP`` column by import id."""
    questions: list[Question] = []
    groups: dict[str, str] = {}
    for column, text, found in zip(columns, texts, imports, strict=True):
        import_id = found["ImportId"] if found else ""
        if not import_id.startswith("QID"):
            continue  # metadata and embedded data
        group = _NPS_GROUP.fullmatch(import_id)
        if group:
            groups.setdefault(group.group(1), column)
            continue
        questions.append(
            Question(
                column=column,
                text=text,
                names=(import_id,),
                open_ended=bool(_OPEN_ENDED.fullmatch(import_id)),
                candidate=bool(_SINGLE.fullmatch(import_id)),
            )
        )
    return questions, groups


def _utc_dates(
    frame: pl.DataFrame,
    columns: tuple[str, ...],
    imports: list[dict[str, Any] | None],
    fallback: str,
    where: str,
) -> pl.DataFrame:
    """Dates rewritten as UTC ISO text in the zone row 3 names (unreadable ones left as they are)."""
    out = []
    for column, found in zip(columns, imports, strict=True):
        if not found or found["ImportId"] not in DATE_IMPORT_IDS or column not in frame.columns:
            continue
        zone = found.get("timeZone") or fallback
        try:
            zoneinfo.ZoneInfo(str(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
            msg = f"{where}: the ImportId row names an unknown time zone for {column}: {zone!r}"
            raise UnreadableFileError(msg) from err
        parsed = nz.parse_datetime(pl.col(column), assume_tz=str(zone))
        out.append(pl.coalesce(parsed.dt.strftime("%Y-%m-%dT%H:%M:%SZ"), pl.col(column)))
    return frame.with_columns(out) if out else frame


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Find the questions, convert the dates and add the survey columns (see the module doc)."""
    if len(ctx.header) < 3:
        msg = (
            f"connector {ctx.spec.name}: a Qualtrics export has three header rows; "
            "set options.header_rows = 3"
        )
        raise SpecError(msg)
    texts, ids = ctx.header[1], ctx.header[2]
    imports = [_import_id(cell) for cell in ids]
    if not any(imports):
        shown = ", ".join(repr(c) for c in ids[:3])
        msg = (
            f"{ctx.path}: row 3 is not Qualtrics' ImportId row (it starts {shown}); export the "
            'CSV with its three header rows (row 3 like {"ImportId":"startDate"})'
        )
        raise UnreadableFileError(msg)
    options = ctx.spec.options.survey
    questions, groups = _questions(ctx.columns, texts, imports)
    hint = next((q.column for q in questions if q.names[0] in groups), None)
    roles = find_roles(questions, options, ctx.path, nps_hint=hint)
    nps_id = next((q.names[0] for q in questions if q.column == roles.nps), None)
    frame = _utc_dates(frame, ctx.columns, imports, ctx.timezone, str(ctx.path))
    frame = answer_columns(
        frame,
        roles,
        options,
        survey_name(options, ctx.path),
        group=groups.get(nps_id or ""),
    )
    channel = pl.col("DistributionChannel") if "DistributionChannel" in frame.columns else None
    finished = (
        pl.col("Finished").str.strip_chars().str.to_lowercase()
        if "Finished" in frame.columns
        else None
    )
    return frame.with_columns(
        (
            channel.str.strip_chars()
            .str.to_lowercase()
            .replace_strict(CHANNELS, default=channel.str.strip_chars().str.to_lowercase())
            if channel is not None
            else pl.lit(None, dtype=pl.String)
        ).alias("__channel"),
        (
            pl.when(finished.is_in(["true", "1"]))
            .then(pl.lit("completed"))
            .when(finished.is_in(["false", "0"]))
            .then(pl.lit("partial"))
            if finished is not None
            else pl.lit(None, dtype=pl.String)
        ).alias("__status"),
    )
