"""Routes for ``admin`` keys: create, list and revoke API keys."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from cxm.api.auth import ADMIN, require
from cxm.api.models import KeyCreated, KeyIn, KeyOut
from cxm.store import keys
from cxm.store.keys import KeyInfo

router = APIRouter(prefix="/v1/keys", tags=["keys"])
me_router = APIRouter(prefix="/v1/me", tags=["keys"])
Admin = Annotated[KeyInfo, Depends(require(*ADMIN))]
Anyone = Annotated[KeyInfo, Depends(require(*keys.SCOPES))]


@me_router.get("", response_model=KeyOut, summary="The caller's key")
def me(caller: Anyone) -> dict[str, Any]:
    """Who is calling: the key's id, name and scope (any valid key may ask)."""
    return asdict(caller)


@router.post("", response_model=KeyCreated, status_code=201, summary="Create a key")
def create(request: Request, admin: Admin, body: KeyIn) -> dict[str, Any]:
    """Create a key; the answer holds the key itself, shown this once."""
    info, key = keys.create_key(request.app.state.engine, name=body.name, scope=body.scope)
    return {**asdict(info), "key": key}


@router.get("", response_model=list[KeyOut], summary="List keys")
def list_all(request: Request, admin: Admin) -> list[dict[str, Any]]:
    """Every key, active and revoked (never the keys themselves)."""
    return [asdict(k) for k in keys.list_keys(request.app.state.engine)]


@router.delete("/{key_id}", response_model=list[KeyOut], summary="Revoke a key")
def revoke(request: Request, admin: Admin, key_id: str) -> list[dict[str, Any]]:
    """Revoke a key at once."""
    return [asdict(k) for k in keys.revoke_key(request.app.state.engine, key_id)]
