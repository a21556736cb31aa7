"""API keys: created with a scope, shown once, stored as a SHA-256 digest, revocable.

A key reads ``cxm_<key_id>_<secret>``: the key id is public (it names the key in lists and
logs), the secret is 32 random bytes. Keys are random, not passwords, so a plain SHA-256 digest
is a sound way to store them (nothing to brute-force) and lets a request be checked with one
indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal, get_args

import sqlalchemy as sa

from cxm.errors import AuthError, NotFoundError
from cxm.store.raw import Raw, as_raw, as_utc
from cxm.store.tables import ApiKey

Scope = Literal["agent", "service", "analyst", "admin"]
SCOPES: Final[tuple[str, ...]] = get_args(Scope)
PREFIX: Final = "cxm"
key_t: Final[sa.Table] = ApiKey.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class KeyInfo:
    """What the API knows about a caller's key (never the secret)."""

    key_id: str
    name: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None


def digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _info(row: sa.RowMapping) -> KeyInfo:
    created = as_utc(row["created_at"])
    assert created is not None
    return KeyInfo(row["key_id"], row["name"], row["scope"], created, as_utc(row["revoked_at"]))


def create_key(engine: sa.Engine, *, name: str, scope: str) -> tuple[KeyInfo, str]:
    """Create a key; returns its info and the key itself (shown once, never stored)."""
    if scope not in SCOPES:
        msg = f"unknown scope {scope!r}; scopes: {', '.join(SCOPES)}"
        raise AuthError(msg)
    if not name.strip():
        msg = "a key needs a name (who or what uses it)"
        raise AuthError(msg)
    key_id = secrets.token_hex(4)
    key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    row = {
        "key_id": key_id,
        "name": name.strip(),
        "scope": scope,
        "key_hash": digest(key),
        "created_at": datetime.now(UTC),
        "revoked_at": None,
    }
    with engine.begin() as conn:
        conn.execute(sa.insert(key_t), row)
    return _info(row), key  # type: ignore[arg-type]


def list_keys(engine: sa.Engine) -> list[KeyInfo]:
    """Every key, active and revoked, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(key_t).order_by(key_t.c.created_at, key_t.c.key_id))
        return [_info(r._mapping) for r in rows]


def revoke_key(engine: sa.Engine, key_id_or_name: str) -> list[KeyInfo]:
    """Revoke the active keys with this id or name; returns them (raises when none)."""
    match = sa.or_(key_t.c.key_id == key_id_or_name, key_t.c.name == key_id_or_name)
    with engine.begin() as conn:
        rows = conn.execute(sa.select(key_t).where(match, key_t.c.revoked_at.is_(None))).all()
        if not rows:
            msg = f"no active key with id or name {key_id_or_name!r} (see `cxm keys list`)"
            raise NotFoundError(msg)
        now = datetime.now(UTC)
        ids = [r.key_id for r in rows]
        conn.execute(sa.update(key_t).where(key_t.c.key_id.in_(ids)).values(revoked_at=now))
    return [_info({**r._mapping, "revoked_at": now}) for r in rows]  # type: ignore[arg-type]


def verify(conn: sa.Connection | Raw, key: str) -> KeyInfo | None:
    """The active key matching ``key``, else ``None`` (unknown, malformed or revoked)."""
    if not key.startswith(f"{PREFIX}_"):
        return None
    db = as_raw(conn)
    row = db.first(
        "SELECT key_id, name, scope, created_at FROM api_key "
        "WHERE key_hash = ? AND revoked_at IS NULL",
        (digest(key),),
    )
    if row is None:
        return None
    created = db.time(row["created_at"])
    assert created is not None
    return KeyInfo(row["key_id"], row["name"], row["scope"], created, None)
