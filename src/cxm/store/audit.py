"""The audit log: which key looked at which customer, and when.

Requests hand entries to an :class:`AuditWriter`, which writes them in small batches from a
background thread, so a profile request never waits on a write (and, on SQLite, never on a
publish holding the write lock). Entries hold the key's name, the action and the customer id,
nothing else: no identifiers, no names.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import sqlalchemy as sa

from cxm.store.tables import AuditLog

audit_t: Final[sa.Table] = AuditLog.__table__  # type: ignore[attr-defined]
FLUSH_SECONDS: Final = 0.5
ROWS_PER_STATEMENT: Final = 1000  # 4,000 parameters, well under SQLite's 32,766
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditEntry:
    """One audited access."""

    key_name: str
    action: str
    customer_id: str | None
    at: datetime


class AuditWriter:
    """Batches audit entries into the store from a background thread."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._pending: deque[AuditEntry] = deque()  # appends and pops are thread-safe
        self._thread = threading.Thread(target=self._run, name="cxm-audit", daemon=True)
        self._started = False
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the writer thread (idempotent)."""
        with self._lock:
            if not self._started:
                self._thread.start()
                self._started = True

    def record(self, key_name: str, action: str, customer_id: str | None) -> None:
        """Queue an entry; written within :data:`FLUSH_SECONDS`."""
        self._pending.append(AuditEntry(key_name, action, customer_id, datetime.now(UTC)))

    def close(self) -> None:
        """Write what is queued and stop the thread (entries queued before :meth:`start`, or
        without it, are written here)."""
        if self._started:
            self._stopped.set()
            self._thread.join()
            self._started = False
        self._flush()

    def _flush(self) -> None:
        batch: list[AuditEntry] = []
        while True:
            try:
                batch.append(self._pending.popleft())
            except IndexError:
                break
        if batch:
            self._write(batch)

    def _write(self, entries: list[AuditEntry]) -> None:
        # Straight through the driver, a statement of many rows at a time: under load this runs
        # for every few thousand requests, and a statement per row would hand the GIL back and
        # forth with the event loop once per row.
        dialect = self.engine.dialect.name
        mark = "(%s, %s, %s, %s)" if dialect == "postgresql" else "(?, ?, ?, ?)"
        rows = [
            (
                e.at if dialect == "postgresql" else e.at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                e.key_name,
                e.action,
                e.customer_id,
            )
            for e in entries
        ]
        try:
            pooled = self.engine.raw_connection()
            try:
                cursor = pooled.cursor()
                if dialect == "sqlite":
                    cursor.execute("BEGIN")
                for start in range(0, len(rows), ROWS_PER_STATEMENT):
                    chunk = rows[start : start + ROWS_PER_STATEMENT]
                    values = ", ".join([mark] * len(chunk))
                    cursor.execute(
                        f"INSERT INTO audit_log (at, key_name, action, customer_id) VALUES {values}",
                        [value for row in chunk for value in row],
                    )
                pooled.commit()
                cursor.close()
            finally:
                pooled.close()
        except (sa.exc.SQLAlchemyError, self.engine.dialect.loaded_dbapi.Error) as err:
            # Audit must not take the API down; the failure itself is logged (no PII in it).
            log.error("audit log: %d entries not written: %s", len(rows), type(err).__name__)

    def _run(self) -> None:
        # Drain on a timer rather than on every entry: under load one write carries many
        # entries, and an idle API wakes twice a second.
        while not self._stopped.wait(FLUSH_SECONDS):
            self._flush()


def read_audit(engine: sa.Engine, *, limit: int = 100) -> list[AuditEntry]:
    """The newest audit entries, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(audit_t).order_by(audit_t.c.audit_id.desc()).limit(limit)
        ).all()
    out = []
    for r in rows:
        at = r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)
        out.append(AuditEntry(r.key_name, r.action, r.customer_id, at))
    return out
