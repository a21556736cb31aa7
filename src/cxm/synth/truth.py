"""Ground truth: which person each identity record in each export really is.

Every export module registers the records it writes here (one per contact, user, order, thread or
profile, never per message or line item). Cross-system links an export carries (a Zendesk
``external_id`` that is a Salesforce Contact ID, a HubSpot Twitter username) are recorded in
:class:`ExportContext` so that later exports can reuse them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cxm.synth.formats import csv_text
from cxm.synth.population import Population

TRUTH_HEADER = ("source", "record_id", "entity_id")


class Truth:
    """The set of ``(source, record_id) → entity_id`` rows of one generated data set."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], str] = {}

    def add(self, source: str, record_id: str, entity_id: str) -> None:
        """Record that ``record_id`` in ``source`` is person ``entity_id``.

        Registering the same record twice is fine when it names the same person; naming two
        different people is a generator bug and raises.
        """
        key = (source, record_id)
        known = self._rows.get(key)
        if known is not None and known != entity_id:
            msg = f"{source} record {record_id!r} registered as both {known} and {entity_id}"
            raise ValueError(msg)
        self._rows[key] = entity_id

    def rows(self) -> list[tuple[str, str, str]]:
        """All rows sorted by source and record id."""
        return sorted((s, r, e) for (s, r), e in self._rows.items())

    def __len__(self) -> int:
        return len(self._rows)

    def render(self) -> bytes:
        """``truth.csv``: UTF-8, LF line endings, header ``source,record_id,entity_id``."""
        return csv_text([TRUTH_HEADER, *self.rows()], lineterminator="\n").encode("utf-8")


@dataclass
class ExportContext:
    """What the export modules share while building one data set."""

    population: Population
    truth: Truth = field(default_factory=Truth)
    salesforce_ids: dict[str, str] = field(default_factory=dict)
    """Entity id → the 18-character Salesforce Contact ID of that person's (first) contact."""
    zendesk_user_ids: dict[str, str] = field(default_factory=dict)
    """Entity id → Zendesk user id of that person's user."""
    shopify_customer_ids: dict[str, str] = field(default_factory=dict)
    """Entity id → Shopify Customer ID."""
    orders: dict[str, list[str]] = field(default_factory=dict)
    """Entity id → the order names (``#1042``) that person placed."""

    def rng(self, purpose: str) -> random.Random:
        """An RNG private to one export, so that changing one file never reshuffles another."""
        return random.Random(f"cxm-synth:{self.population.seed}:{purpose}")
