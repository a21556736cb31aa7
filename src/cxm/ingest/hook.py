"""What a connector's Python hook is given: the spec, the settings and the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxm.config import Settings
from cxm.ingest.spec import ConnectorSpec


@dataclass(frozen=True)
class HookContext:
    """What a connector hook gets besides the frame."""

    spec: ConnectorSpec
    settings: Settings
    path: Path

    @property
    def timezone(self) -> str:
        """Time zone for naive timestamps: the spec's, else the settings'."""
        return self.spec.options.timezone or self.settings.source_timezone
