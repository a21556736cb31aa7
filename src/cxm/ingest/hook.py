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
    columns: tuple[str, ...] = ()
    """A CSV file's columns in file order, named as the frame names them (a blank or repeated
    header cell becomes ``column``, ``Email (2)``...), including those the reader left out."""
    header: tuple[tuple[str, ...], ...] = ()
    """A CSV file's header rows as written, one value per entry of :attr:`columns`: the column
    names, then the rows ``options.header_rows`` adds (question texts, import ids)."""

    @property
    def timezone(self) -> str:
        """Time zone for naive timestamps: the spec's, else the settings'."""
        return self.spec.options.timezone or self.settings.source_timezone
