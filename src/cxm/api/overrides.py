"""Routes for agents' decisions: ``POST /v1/links``, ``POST /v1/unlinks``, overrides."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from cxm.api.auth import WRITE, require
from cxm.api.models import OverrideIn, OverrideOut
from cxm.resolve.overrides import Kind, RecordRef
from cxm.store import detach
from cxm.store.keys import KeyInfo

router = APIRouter(prefix="/v1", tags=["overrides"])
Agent = Annotated[KeyInfo, Depends(require(*WRITE))]


def _out(row: dict[str, Any], detached_to: str | None = None) -> dict[str, Any]:
    return {
        "override_id": row["override_id"],
        "kind": row["kind"],
        "a": {"source": row["source_a"], "record_id": row["record_id_a"]},
        "b": {"source": row["source_b"], "record_id": row["record_id_b"]},
        "actor": row["actor"],
        "reason": row["reason"],
        "created_at": row["created_at"],
        "revoked_at": row["revoked_at"],
        "revoked_by": row["revoked_by"],
        "detached_to": detached_to,
    }


def _record(request: Request, key: KeyInfo, kind: Kind, body: OverrideIn) -> dict[str, Any]:
    a = RecordRef(body.a.source, body.a.record_id)
    b = RecordRef(body.b.source, body.b.record_id)
    result = detach.record_override(
        request.app.state.engine,
        request.app.state.settings,
        kind,
        a,
        b,
        actor=key.name,
        reason=body.reason,
    )
    request.app.state.audit.record(key.name, kind, result.detached_to)
    # Stored as an unordered pair; answered as sent, so `detached_to` is where this `b` went.
    sent = {
        "source_a": a.source,
        "record_id_a": a.record_id,
        "source_b": b.source,
        "record_id_b": b.record_id,
    }
    return _out({**result.override, **sent}, result.detached_to)


@router.post("/links", response_model=OverrideOut, status_code=201, summary="Same person")
def post_link(request: Request, key: Agent, body: OverrideIn) -> dict[str, Any]:
    """Record that records ``a`` and ``b`` are the same person. Applied by the next resolve
    (as a must-link that every guardrail except an unlink respects); reversible."""
    return _record(request, key, "link", body)


@router.post("/unlinks", response_model=OverrideOut, status_code=201, summary="Not the same person")
def post_unlink(request: Request, key: Agent, body: OverrideIn) -> dict[str, Any]:
    """Record that records ``a`` and ``b`` are different people. When they are one customer,
    ``b`` moves to a customer of its own in the served store at once (``detached_to``); the next
    resolve re-clusters with the cannot-link in force."""
    return _record(request, key, "unlink", body)


@router.get("/overrides", response_model=list[OverrideOut], summary="Links and unlinks")
def get_overrides(
    request: Request,
    key: Agent,
    customer_id: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, Any]]:
    """Every recorded link and unlink, newest first (revoked ones included, as audit);
    ``customer_id`` keeps those touching that customer's records."""
    rows = detach.list_overrides(request.app.state.engine, customer_id)
    return [_out(r) for r in rows]


@router.delete("/overrides/{override_id}", response_model=OverrideOut, summary="Revoke")
def delete_override(request: Request, key: Agent, override_id: str) -> dict[str, Any]:
    """Revoke a link or unlink; the next resolve stops honouring it. The override stays listed
    with who revoked it and when. An unknown id is a 404; an already revoked one a 422."""
    row = detach.revoke(
        request.app.state.engine, request.app.state.settings, override_id, actor=key.name
    )
    return _out(row)
