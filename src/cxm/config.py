"""Settings: one object, read from ``CXM_*`` environment variables and validated at start-up."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything cxm can be configured with.

    Every field can be set through an environment variable named ``CXM_`` + the field name in
    upper case (``CXM_HOME``, ``CXM_DEFAULT_REGION``...). Pass a ``Settings`` explicitly to the
    functions that need it; tests build their own instead of mutating globals.
    """

    model_config = SettingsConfigDict(env_prefix="CXM_", extra="ignore")

    home: Path = Field(
        default=Path("cxm-data"),
        description="Folder holding everything cxm writes: the lake, the store, config and keys.",
    )
    default_region: str = Field(
        default="US",
        description="ISO 3166 region used to read phone numbers written without a country code.",
    )
    source_timezone: str = Field(
        default="UTC",
        description="IANA time zone assumed for source timestamps that carry no offset.",
    )
    connectors_path: list[Path] = Field(
        default_factory=list,
        description="Extra folders searched for connector specs (besides the built-ins and HOME/connectors).",
    )

    resolve_config: Path | None = Field(
        default=None,
        description="TOML file tuning identity resolution (thresholds, guardrails, survivorship); "
        "default HOME/resolve.toml when it exists.",
    )

    segments: Path | None = Field(
        default=None,
        description="TOML file of rule-based customer segments; default HOME/segments.toml "
        "when it exists.",
    )
    access_log: bool = Field(
        default=True,
        description="Log one line per API request (method, path, status, milliseconds; never "
        "the query string).",
    )
    database_url: str | None = Field(
        default=None,
        description="The profile store: a SQLAlchemy URL such as "
        "postgresql+psycopg://cxm@db.example/cxm; default SQLite at HOME/store.sqlite.",
    )

    @field_validator("default_region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        region = value.strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            msg = f"CXM_DEFAULT_REGION={value!r} is not a known ISO 3166 region (e.g. US, GB, NL)"
            raise ValueError(msg)
        return region

    @field_validator("source_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            msg = f"CXM_SOURCE_TIMEZONE={value!r} is not an IANA time zone (e.g. UTC, America/New_York)"
            raise ValueError(msg) from err
        return value

    @property
    def lake_dir(self) -> Path:
        """Where the Parquet lake lives."""
        return self.home / "lake"

    @property
    def resolve_config_path(self) -> Path | None:
        """The resolve config in effect: the setting, else HOME/resolve.toml if present."""
        if self.resolve_config is not None:
            return self.resolve_config
        default = self.home / "resolve.toml"
        return default if default.exists() else None

    @property
    def segments_path(self) -> Path | None:
        """The segments file in effect: the setting, else HOME/segments.toml if present."""
        if self.segments is not None:
            return self.segments
        default = self.home / "segments.toml"
        return default if default.exists() else None

    @property
    def user_connectors_dir(self) -> Path:
        """Where a user's own connector specs are picked up automatically."""
        return self.home / "connectors"
