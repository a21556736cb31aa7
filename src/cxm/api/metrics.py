"""``GET /v1/metrics``: the company-level CX measures of the publish being served."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from cxm.api.auth import require
from cxm.api.problem import ApiProblem
from cxm.store.engine import snapshot
from cxm.store.keys import KeyInfo
from cxm.store.query import latest_publication

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])
Reader = Annotated[KeyInfo, Depends(require("agent", "service", "analyst"))]


class Nps(BaseModel):
    """Company NPS over each customer's latest answer."""

    score: float | None
    promoters: int
    passives: int
    detractors: int
    responses: int


class Csat(BaseModel):
    """Share of good ratings over every help-desk and survey rating."""

    score: float | None
    good: int
    ratings: int


class Unification(BaseModel):
    """How many source records were unified into how many customers."""

    source_records: int
    customers: int
    records_per_customer: float | None
    records_by_source: dict[str, int]


class Money(BaseModel):
    """An amount in one currency."""

    currency: str
    amount: float


class Metrics(BaseModel):
    """Company-level measures (definitions in the README, "Customer experience measures")."""

    run_id: str
    published_at: str
    as_of: str
    unification: Unification
    nps: Nps
    csat: Csat
    churn_risk: dict[str, Any]
    journey_stages: dict[str, int]
    sentiment: dict[str, int]
    customers_by_departments: dict[str, int]
    customers_by_department: dict[str, int]
    segments: dict[str, int]
    lifetime_value: list[Money]


def read_metrics(conn: Any) -> dict[str, Any] | None:
    """The metrics of the latest publish, with its run id and time; ``None`` before one."""
    found = latest_publication(conn)
    if found is None:
        return None
    return {
        "run_id": found["run_id"],
        "published_at": found["published_at"].isoformat(),
        **json.loads(found["metrics"]),
    }


@router.get(
    "",
    response_model=Metrics,
    summary="Company-level CX measures",
    responses={503: {"description": "Nothing published yet"}},
)
def get_metrics(request: Request, key: Reader) -> dict[str, Any]:
    """NPS, CSAT, churn-risk distribution, customers by journey stage and by departments
    touched, sentiment, segments, and how many records were unified into how many customers."""
    with snapshot(request.app.state.engine) as conn:
        found = read_metrics(conn)
    if found is None:
        raise ApiProblem(503, "Not ready", "nothing published yet: run `cxm publish`")
    return found
