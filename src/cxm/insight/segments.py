"""Rule-based segments a user defines in a TOML file (``CXM_SEGMENTS``, default
``$CXM_HOME/segments.toml``), evaluated on every customer's traits at each publish.

A segment holds when all of its ``all`` conditions and (if given) at least one of its ``any``
conditions hold. A condition compares one trait (a name from the traits, or ``name.KEY`` for
per-currency money and per-department or per-kind counts: ``lifetime_value.USD``,
``by_department.support``) with a value::

    [[segment]]
    name = "vip"
    description = "Repeat buyers worth $500 or more"
    all = [
        { trait = "orders", op = ">=", value = 2 },
        { trait = "lifetime_value.USD", op = ">=", value = 500 },
    ]

    [[segment]]
    name = "at_risk_promoters"
    all = [{ trait = "nps_category", op = "==", value = "promoter" }]
    any = [{ trait = "churn_band", op = "in", value = ["medium", "high"] }]

Operators: ``==``, ``!=``, ``>``, ``>=``, ``<``, ``<=``, ``in``, ``not_in``, ``is_null``,
``not_null``. A missing value (a customer without that trait) never satisfies a comparison.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cxm.errors import ConfigError
from cxm.insight.traits import FIELDS

Op = Literal["==", "!=", ">", ">=", "<", "<=", "in", "not_in", "is_null", "not_null"]
KEYED = {
    "lifetime_value": ("currency", "amount"),
    "average_order_value": ("currency", "amount"),
    "by_department": ("department", "count"),
    "by_kind": ("kind", "count"),
}


class Condition(BaseModel):
    """One comparison of a trait with a value."""

    model_config = ConfigDict(extra="forbid")
    trait: str
    op: Op
    value: Any = None

    @model_validator(mode="after")
    def _known(self) -> Condition:
        base, _, key = self.trait.partition(".")
        if base not in FIELDS or (key and base not in KEYED) or (base in KEYED and not key):
            keyed = ", ".join(f"{k}.KEY" for k in KEYED)
            plain = ", ".join(f for f in FIELDS if f not in KEYED)
            msg = f"unknown trait {self.trait!r}; traits: {plain}, {keyed}"
            raise ValueError(msg)
        if self.op in ("in", "not_in") and not isinstance(self.value, list):
            msg = f"{self.op!r} needs a list value"
            raise ValueError(msg)
        if self.op not in ("is_null", "not_null") and self.value is None:
            msg = f"{self.op!r} needs a value"
            raise ValueError(msg)
        return self


class Segment(BaseModel):
    """A named rule over traits."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    description: str = ""
    all: list[Condition] = Field(default_factory=list)
    any: list[Condition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_rules(self) -> Segment:
        if not self.all and not self.any:
            msg = "a segment needs `all` or `any` conditions"
            raise ValueError(msg)
        return self


class SegmentFile(BaseModel):
    """The segments file."""

    model_config = ConfigDict(extra="forbid")
    segment: list[Segment] = Field(default_factory=list)


def load_segments(path: Path | None) -> list[Segment]:
    """The segments in ``path`` (none when ``path`` is ``None`` or missing)."""
    if path is None or not path.exists():
        return []
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        segments = SegmentFile.model_validate(doc).segment
    except (OSError, tomllib.TOMLDecodeError) as err:
        msg = f"{path}: cannot read the segments file: {err}"
        raise ConfigError(msg) from err
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()
        )
        msg = f"{path}: invalid segments: {problems}"
        raise ConfigError(msg) from err
    names = [s.name for s in segments]
    if len(set(names)) != len(names):
        msg = f"{path}: segment names must be unique, got {names}"
        raise ConfigError(msg)
    return segments


def _value(trait: str) -> pl.Expr:
    base, _, key = trait.partition(".")
    if base not in KEYED:
        return pl.col(base)
    field, amount = KEYED[base]
    picked = pl.col(base).list.eval(
        pl.element().filter(pl.element().struct.field(field) == key).struct.field(amount)
    )
    return picked.list.first()


def _condition(c: Condition) -> pl.Expr:
    value = _value(c.trait)
    if c.op == "is_null":
        return value.is_null()
    if c.op == "not_null":
        return value.is_not_null()
    if c.op in ("in", "not_in"):
        hit = value.is_in(c.value)
        result = hit if c.op == "in" else ~hit
    else:
        ops = {
            "==": value.__eq__,
            "!=": value.__ne__,
            ">": value.__gt__,
            ">=": value.__ge__,
            "<": value.__lt__,
            "<=": value.__le__,
        }
        result = ops[c.op](pl.lit(c.value))
    return result.fill_null(False) & value.is_not_null()


def with_segments(traits: pl.DataFrame, segments: list[Segment]) -> pl.DataFrame:
    """``traits`` plus ``segments``: the names of the segments each customer is in."""
    if not segments:
        return traits.with_columns(segments=pl.lit([], dtype=pl.List(pl.String)))
    flags = []
    for s in segments:
        holds = pl.all_horizontal(_condition(c) for c in s.all) if s.all else pl.lit(True)
        if s.any:
            holds = holds & pl.any_horizontal(_condition(c) for c in s.any)
        flags.append(pl.when(holds).then(pl.lit(s.name)))
    return traits.with_columns(segments=pl.concat_list(flags).list.drop_nulls())
