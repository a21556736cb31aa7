"""Survivorship configuration: which rule picks each field of the golden record.

A customer's golden record takes every field from one of its identity records. Which record wins
is decided per field by a *rule*; fields that belong together (the parts of a name, the parts of
an address) are chosen as a unit from one record, so a golden address never mixes the street of
one record with the city of another.

Rules
-----
``most_recent``
    The record changed last (``updated_at``, else ``created_at``; records with neither last).
``most_frequent``
    The value most records agree on, compared on a normalized key (``*_norm`` columns for names
    and addresses, the value itself for email, phone and birth date, case-folded company).
``source_priority``
    The record whose source comes first in :attr:`SurvivorshipConfig.source_priority`; sources
    not listed come after the listed ones, alphabetically.
``longest``
    The most complete value: for a name, given + family beats a single part, then the longest
    name; for an address, the most parts filled, then the longest street; otherwise the longest
    string.

Ties under any rule fall through the others in a fixed order (most recent, most frequent, source
priority, then the smallest ``(source, record_id)``), so the result never depends on row order.

Examples
--------
>>> config = SurvivorshipConfig(email="most_recent", source_priority=["shopify_customer"])
>>> config.rule("email"), config.rule("name")
('most_recent', 'source_priority')
>>> FIELD_GROUPS["address"]
('street', 'city', 'region', 'postal_code', 'country')
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Rule = Literal["most_recent", "most_frequent", "source_priority", "longest"]
"""A survivorship rule (see the module docstring)."""

FieldGroup = Literal["name", "email", "phone", "address", "company", "birth_date"]
"""A configurable unit of the golden record: one rule picks all of its columns from one record."""

FIELD_GROUPS: dict[FieldGroup, tuple[str, ...]] = {
    "name": ("given_name", "family_name", "full_name"),
    "email": ("email",),
    "phone": ("phone",),
    "company": ("company",),
    "address": ("street", "city", "region", "postal_code", "country"),
    "birth_date": ("birth_date",),
}
"""The golden columns each group supplies; flattened in this order they are the provenance keys."""

GOLDEN_COLUMNS: tuple[str, ...] = tuple(c for columns in FIELD_GROUPS.values() for c in columns)
"""The golden record's columns: :data:`FIELD_GROUPS` flattened, the order of its provenance."""

LIST_COLUMNS: tuple[str, ...] = ("emails", "phones", "handles", "external_ids")
"""Record list columns the golden record unions (most records first, then alphabetical)."""

DEFAULT_SOURCE_PRIORITY: tuple[str, ...] = (
    "salesforce",
    "hubspot",
    "shopify_customer",
    "loyalty",
    "shopify_order",
    "zendesk",
    "social_inbox",
    "meta",
    "twitter",
)
"""Systems of record first (CRM), then commerce, support and social sources."""


class SurvivorshipConfig(BaseModel):
    """The survivorship rule of each golden field and the trust order of sources.

    Unknown keys and unknown rule names are rejected, so a typo in a configuration file is an
    error instead of a silently ignored setting.

    Examples
    --------
    >>> SurvivorshipConfig(phone="most_recent").phone
    'most_recent'
    >>> SurvivorshipConfig(phone="newest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SurvivorshipConfig
    ...
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    source_priority: list[str] = Field(
        default_factory=lambda: list(DEFAULT_SOURCE_PRIORITY),
        description="Sources from most to least trusted; unlisted sources rank after, alphabetically.",
    )
    name: Rule = Field(
        default="source_priority",
        description="Rule for given_name, family_name and full_name (chosen together from one record).",
    )
    email: Rule = Field(default="most_frequent", description="Rule for the primary email.")
    phone: Rule = Field(default="most_frequent", description="Rule for the primary phone.")
    address: Rule = Field(
        default="most_recent",
        description="Rule for street, city, region, postal_code and country (chosen together from one record).",
    )
    company: Rule = Field(default="most_recent", description="Rule for the company.")
    birth_date: Rule = Field(default="most_frequent", description="Rule for the date of birth.")

    @field_validator("source_priority")
    @classmethod
    def _distinct_sources(cls, value: list[str]) -> list[str]:
        problems: list[str] = []
        blank = [i for i, source in enumerate(value) if not source.strip()]
        if blank:
            problems.append(f"blank source name at position(s) {blank}")
        repeated = sorted(source for source, n in Counter(value).items() if n > 1)
        if repeated:
            problems.append(f"listed more than once: {', '.join(repeated)}")
        if problems:
            msg = "source_priority: " + "; ".join(problems)
            raise ValueError(msg)
        return value

    def rule(self, group: FieldGroup) -> Rule:
        """The rule configured for a field group."""
        rule: Rule = getattr(self, group)
        return rule
