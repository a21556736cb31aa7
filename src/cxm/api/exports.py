"""``GET /v1/exports/{dataset}``: the analyst datasets, streamed as CSV or Parquet.

The bytes are what ``cxm export`` writes (same columns, same order, one snapshot of the store),
produced batch by batch while they are sent, so memory holds one batch whatever the size. The
publish is checked before the first byte: an unpublished store answers 503 as problem+json. A
failure after that can only cut the stream short: the chunked response then ends without its
last chunk (HTTP clients report an incomplete read) and a Parquet file lacks its footer, so a
partial download is never mistaken for a whole one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from cxm.api.auth import EXPORT, require
from cxm.api.problem import ApiProblem, Problem
from cxm.errors import NotPublishedError
from cxm.export import MEDIA_TYPES, open_stream
from cxm.store.keys import KeyInfo

router = APIRouter(prefix="/v1/exports", tags=["exports"])
Analyst = Annotated[KeyInfo, Depends(require(*EXPORT))]


class DatasetName(StrEnum):
    """The datasets (columns in ``schemas/export_*.v1.json``)."""

    profiles = "profiles"
    identity_map = "identity-map"
    timeline = "timeline"
    traits = "traits"


class ExportFormat(StrEnum):
    """The file formats."""

    csv = "csv"
    parquet = "parquet"


_CONTENT = {
    "text/csv": {"schema": {"type": "string"}},
    MEDIA_TYPES["parquet"]: {"schema": {"type": "string", "format": "binary"}},
}


@router.get(
    "/{dataset}",
    summary="Stream an analyst dataset",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The dataset, as an attachment (`Content-Disposition`); "
            "`X-Cxm-Run-Id` names the publish it holds",
            "content": _CONTENT,
        },
        503: {"model": Problem, "description": "Nothing published yet"},
    },
)
def get_export(
    request: Request,
    dataset: DatasetName,
    key: Analyst,
    format: Annotated[ExportFormat, Query(description="csv or parquet")] = ExportFormat.csv,
) -> StreamingResponse:
    """One of `profiles`, `identity-map`, `timeline`, `traits`: the columns documented in
    `schemas/export_*.v1.json`, rows in their documented order, all from one publish. CSV
    writes lists as JSON text and times as ISO 8601 UTC; Parquet keeps the types."""
    try:
        stream = open_stream(request.app.state.engine, dataset.value, format.value)
    except NotPublishedError as err:
        raise ApiProblem(503, "Not ready", str(err)) from err
    request.app.state.audit.record(key.name, f"export:{dataset.value}", None)
    headers = {
        "Content-Disposition": f'attachment; filename="{stream.filename}"',
        "X-Cxm-Run-Id": stream.run_id,
    }
    return StreamingResponse(stream.chunks, media_type=stream.media_type, headers=headers)
