"""Deterministic rules: identifier agreements strong enough to link without a score.

A rule fires on a candidate pair from its comparison levels (see :mod:`cxm.resolve.compare`):

- ``external_id``: a shared external id (a Zendesk ``external_id`` equal to a CRM contact id, or
  the same typed id such as ``ssn:…`` on both records);
- ``social_handle``: the same social handle (a HubSpot ``Twitter Username`` and the X account);
- ``exact_email``: the same email, unless the given names plainly differ (a family mailbox);
- ``phone_and_name``: the same phone and a compatible name (same or nickname-equivalent or
  near-identical given name, family name not different), so a shared landline alone never links.

Rules only propose: the clustering guardrails (household, dates of birth, caps, cannot-link)
still apply to ruled pairs.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from cxm.resolve.compare import COMPARISONS

RULES: Final[tuple[str, ...]] = ("external_id", "social_handle", "exact_email", "phone_and_name")
"""Rule names, strongest first: a pair is credited to the first rule that fires."""

_GIVEN = COMPARISONS["given_name"]


def _level(comparison: str, name: str) -> int:
    return COMPARISONS[comparison].index(name)


def fire(levels: pl.DataFrame) -> pl.Series:
    """The first rule that fires for each pair, or null."""
    given, family = pl.col("given_name"), pl.col("family_name")
    given_not_different = given != _level("given_name", "different")
    given_close = (given == -1) | (given >= _level("given_name", "very_similar"))
    family_not_different = family != _level("family_name", "different")
    conditions = {
        "external_id": pl.col("external_id") == _level("external_id", "exact"),
        "social_handle": pl.col("handle") == _level("handle", "exact"),
        "exact_email": (pl.col("email") == _level("email", "exact")) & given_not_different,
        "phone_and_name": (pl.col("phone") == _level("phone", "exact"))
        & given_close
        & (given != -1)
        & family_not_different,
    }
    expr = pl.lit(None, dtype=pl.String)
    for name in reversed(RULES):
        expr = pl.when(conditions[name]).then(pl.lit(name)).otherwise(expr)
    return levels.select(expr.alias("rule"))["rule"]
