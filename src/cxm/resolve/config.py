"""How identity resolution decides: thresholds, guardrails, rules and survivorship.

Read from a TOML file (``CXM_RESOLVE_CONFIG``, else ``CXM_HOME/resolve.toml`` when it exists,
else the defaults below). Every key is optional; unknown keys are errors so that a typo does not
silently fall back to a default.

Examples
--------
>>> cfg = ResolveConfig.model_validate({"match_probability": 0.95, "link_type": "link_only"})
>>> cfg.guardrails.max_cluster_size
1000
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cxm.errors import ConfigError
from cxm.resolve.survivorship import SurvivorshipConfig


class GuardrailConfig(BaseModel):
    """Limits that keep one bad value or edge from chaining strangers together."""

    model_config = ConfigDict(extra="forbid")

    max_people_per_identifier: int = Field(
        default=8,
        ge=2,
        description="An email, phone or id carried by records with more distinct full names than "
        "this is shared by too many people to identify anyone and is never matched on.",
    )
    max_emails: int = Field(
        default=8, ge=1, description="Most distinct emails one customer may hold."
    )
    max_phones: int = Field(
        default=6, ge=1, description="Most distinct phones one customer may hold."
    )
    max_cluster_size: int = Field(
        default=1000,
        ge=2,
        description="A customer with more records than this is held (its records published "
        "alone) and reported instead of published.",
    )
    household: bool = Field(
        default=True,
        description="Records whose given names conflict are never merged (a shared phone or "
        "address with a different given name is a household, not one person).",
    )
    dob_conflict: bool = Field(
        default=True,
        description="Records with two different dates of birth (beyond a one-digit typo or a "
        "day/month swap) are never merged.",
    )


class ResolveConfig(BaseModel):
    """Everything ``cxm resolve`` can be tuned with."""

    model_config = ConfigDict(extra="forbid")

    link_type: Literal["dedupe_and_link", "link_only"] = Field(
        default="dedupe_and_link",
        description="link_only: records of the same source are never the same person (each "
        "source is free of duplicates), as when linking two clean lists.",
    )
    match_probability: float = Field(
        default=0.99,
        gt=0.0,
        lt=1.0,
        description="Scored pairs at or above this posterior match probability are merged.",
    )
    external_id_sources: list[str] = Field(
        default_factory=lambda: ["salesforce", "hubspot"],
        description="Sources whose record ids other systems store as external ids (a Zendesk "
        "external_id holding a Salesforce contact id links the two).",
    )
    em_iterations: int = Field(default=30, ge=1, description="Most EM iterations for m.")
    u_sample_pairs: int = Field(
        default=500_000, ge=1000, description="Random record pairs drawn to estimate u."
    )
    max_block_size: int = Field(
        default=8,
        ge=2,
        description="Blocks larger than this are paired by a sorted window instead of all pairs.",
    )
    block_window: int = Field(
        default=3, ge=1, description="Neighbours paired with each record inside a large block."
    )
    seed: int = Field(default=42, description="Seed of the random pairs (u estimation).")
    guardrails: GuardrailConfig = Field(default_factory=GuardrailConfig)
    survivorship: SurvivorshipConfig = Field(default_factory=SurvivorshipConfig)


def load_config(path: Path | None) -> ResolveConfig:
    """Read a resolve config file; ``None`` gives the defaults.

    Raises :class:`~cxm.errors.ConfigError` naming the file and the offending keys.
    """
    if path is None:
        return ResolveConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        msg = f"cannot read the resolve config {path}: {err}"
        raise ConfigError(msg) from err
    try:
        return ResolveConfig.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()
        )
        msg = f"{path}: invalid resolve config: {problems}"
        raise ConfigError(msg) from err
