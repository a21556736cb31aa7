"""Connector specs: the declarative description of one export format.

A spec is a TOML file. Built-in connectors (``connectors/*.toml``) and a user's own mapping files
are the same thing and go through the same code. A spec says how to recognise the format
(``[detect]``), how to read it (``format`` and ``[options]``), which rows are not customers
(``[[exclude]]``), how rows map onto the canonical ``identity_record`` (``[identity]``) and
``interaction`` (``[[interactions]]``) tables, and optionally names a small Python ``hook`` module
for what a format truly cannot say declaratively. A CSV reader keeps only the columns the spec
maps, plus those a hook lists in its module-level ``COLUMNS``.

A field mapping is either a column name (``"Email"``; JSON paths are dotted: ``"via.channel"``) or
a table: ``{column = "Email", split = ";"}``, ``{const = "email"}``,
``{template = "{Name}/line/{__item}"}``, optionally with ``map = {good = 1, bad = 0}`` and
``default = "..."``.
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cxm.errors import SpecError

Department = Literal["sales", "support", "commerce", "social", "feedback", "marketing", "other"]
Format = Literal["csv", "json", "ndjson", "twitter_js", "custom"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldRef(_Strict):
    """One mapped value: a column, a constant or a template, optionally split and value-mapped."""

    column: str | None = None
    const: str | float | None = None
    template: str | None = None
    split: str | None = None
    map: dict[str, str | float | None] | None = None
    default: str | float | None = None

    @model_validator(mode="after")
    def _one_origin(self) -> FieldRef:
        origins = [o for o in (self.column, self.const, self.template) if o is not None]
        if len(origins) != 1:
            msg = "a field mapping needs exactly one of column, const or template"
            raise ValueError(msg)
        return self

    def columns(self) -> list[str]:
        """Source columns this mapping reads."""
        if self.column is not None:
            return [self.column]
        if self.template is not None:
            return [name for _, name, _, _ in string.Formatter().parse(self.template) if name]
        return []


def _ref(value: Any) -> Any:
    if isinstance(value, str):
        return {"column": value}
    return value


class _Mapping(_Strict):
    @model_validator(mode="before")
    @classmethod
    def _strings_are_columns(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, list):
                out[key] = [_ref(v) for v in value]
            elif isinstance(value, dict) and key == "handles":
                out[key] = {
                    platform: [_ref(v) for v in (refs if isinstance(refs, list) else [refs])]
                    for platform, refs in value.items()
                }
            elif key in {"kind", "when", "required"}:
                out[key] = value
            else:
                out[key] = _ref(value)
        return out


class Condition(_Strict):
    """A row filter: the column is present (non-empty), equals one of ``values``, or is > ``gt``."""

    column: str
    present: bool | None = None
    values: list[str] | None = None
    gt: float | None = None


class IdentityMap(_Mapping):
    """How a row becomes an ``identity_record`` (only rows matching ``when``, if given)."""

    record_id: FieldRef
    when: Condition | None = None
    full_name: FieldRef | None = None
    given_name: FieldRef | None = None
    middle_name: FieldRef | None = None
    family_name: FieldRef | None = None
    company: FieldRef | None = None
    emails: list[FieldRef] = []
    phones: list[FieldRef] = []
    street: list[FieldRef] = []
    city: FieldRef | None = None
    region: FieldRef | None = None
    postal_code: FieldRef | None = None
    country: FieldRef | None = None
    birth_date: FieldRef | None = None
    handles: dict[str, list[FieldRef]] = {}
    external_ids: list[FieldRef] = []
    created_at: FieldRef | None = None
    updated_at: FieldRef | None = None
    attributes: list[FieldRef] = []


class InteractionMap(_Mapping):
    """How a row becomes an ``interaction`` (a spec may emit several kinds per row)."""

    kind: str
    required: bool = True
    record_id: FieldRef
    interaction_id: FieldRef
    occurred_at: FieldRef
    when: Condition | None = None
    channel: FieldRef | None = None
    title: FieldRef | None = None
    text: FieldRef | None = None
    amount: FieldRef | None = None
    currency: FieldRef | None = None
    status: FieldRef | None = None
    satisfaction: FieldRef | None = None
    attributes: list[FieldRef] = []


class Exclude(_Strict):
    """Rows that are deliberately not loaded (e.g. staff accounts); they go to quarantine with ``reason``."""

    column: str
    values: list[str]
    reason: str


class Detect(_Strict):
    """How to recognise the format: columns (or JSON keys) that must all be present."""

    columns: list[str] = []
    js_prefix: str | None = None
    filename: str | None = None


class SurveyOptions(_Strict):
    """Which questions of a survey export are the NPS, CSAT and comment ones (survey connectors).

    A question is named by its column (``Q2``), its question text or, in Qualtrics exports, its
    import id (``QID2``); unset, the connector detects it from the question text.
    """

    name: str | None = None
    nps_question: str | None = None
    csat_question: str | None = None
    comment_question: str | None = None
    csat_scale: int = Field(default=5, ge=2, le=11)
    csat_reversed: bool = False


class Options(_Strict):
    """Reading options."""

    delimiter: str | None = None
    encoding: str | None = None
    footer: str | None = None
    header_rows: int = Field(default=1, ge=1, le=20)
    multi_value_separator: str | None = None
    timezone: str | None = None
    day_first: bool = False
    records_path: str | None = None
    survey: SurveyOptions = SurveyOptions()


class ConnectorSpec(_Strict):
    """A whole connector spec. ``path`` is where it was loaded from."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    source: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    department: Department
    format: Format
    hook: str | None = None
    detect: Detect = Detect()
    options: Options = Options()
    exclude: list[Exclude] = []
    identity: IdentityMap | None = None
    interactions: list[InteractionMap] = []
    path: Path | None = None

    @model_validator(mode="after")
    def _emits_something(self) -> ConnectorSpec:
        if self.identity is None and not self.interactions:
            msg = "a connector must map [identity] or at least one [[interactions]]"
            raise ValueError(msg)
        if self.format == "custom" and self.hook is None:
            msg = "format = 'custom' needs a hook module that defines read()"
            raise ValueError(msg)
        return self

    @property
    def hook_path(self) -> Path | None:
        """Absolute path of the hook module, if the spec names one."""
        if self.hook is None:
            return None
        base = self.path.parent if self.path is not None else Path.cwd()
        return base / self.hook

    def referenced_columns(self) -> set[str]:
        """Every source column the spec reads (mappings, conditions, exclusions)."""
        refs: list[FieldRef] = []
        conditions: list[Condition] = []
        if self.identity is not None:
            for name, value in self.identity:
                if isinstance(value, FieldRef):
                    refs.append(value)
                elif isinstance(value, list):
                    refs += value
                elif isinstance(value, dict) and name == "handles":
                    refs += [r for group in value.values() for r in group]
            if self.identity.when is not None:
                conditions.append(self.identity.when)
        for rule in self.interactions:
            for _, value in rule:
                if isinstance(value, FieldRef):
                    refs.append(value)
                elif isinstance(value, list):
                    refs += [v for v in value if isinstance(v, FieldRef)]
            if rule.when is not None:
                conditions.append(rule.when)
        names = {c for ref in refs for c in ref.columns()}
        names |= {c.column for c in conditions} | {e.column for e in self.exclude}
        return names

    def required_columns(self) -> list[str]:
        """Columns a file must have for this spec to read it: the detect columns and the record id."""
        cols = list(self.detect.columns)
        refs: list[FieldRef] = []
        if self.identity is not None:
            refs.append(self.identity.record_id)
        for col in (c for r in refs for c in r.columns()):
            if col not in cols and not col.startswith("__"):
                cols.append(col)
        return cols


def _describe(err: ValidationError) -> str:
    lines = []
    for problem in err.errors():
        where = ".".join(str(p) for p in problem["loc"]) or "(top level)"
        lines.append(f"  {where}: {problem['msg']}")
    return "\n".join(lines)


def read_spec(path: Path) -> ConnectorSpec:
    """Load and validate a connector spec from a TOML file.

    Raises
    ------
    SpecError
        Naming the file and every problem found in it.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        msg = f"connector spec {path}: cannot read it: {err}"
        raise SpecError(msg) from err
    data["path"] = path.resolve()
    try:
        spec = ConnectorSpec.model_validate(data)
    except ValidationError as err:
        msg = f"connector spec {path} is invalid:\n{_describe(err)}"
        raise SpecError(msg) from err
    hook = spec.hook_path
    if hook is not None and not hook.is_file():
        msg = f"connector spec {path}: hook module {hook} does not exist"
        raise SpecError(msg)
    return spec
