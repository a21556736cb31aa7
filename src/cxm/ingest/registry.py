"""The connector registry: built-in specs and a user's own, discovered the same way."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from cxm.config import Settings
from cxm.errors import SpecError
from cxm.ingest.spec import ConnectorSpec, read_spec
from cxm.resources import builtin_connectors_dir

MAPPING_SUFFIX = ".cxm.toml"
"""A file named ``X.cxm.toml`` inside an ingested folder is a mapping spec, not data."""


@dataclass
class Registry:
    """Connector specs by name, plus their loaded hook modules."""

    specs: dict[str, ConnectorSpec] = field(default_factory=dict)
    _hooks: dict[str, ModuleType | None] = field(default_factory=dict)

    def add(self, spec: ConnectorSpec) -> None:
        """Register ``spec``; two specs may not share a name."""
        known = self.specs.get(spec.name)
        if known is not None and known.path != spec.path:
            msg = (
                f"connector name {spec.name!r} is defined twice: in {known.path} and in {spec.path}; "
                "rename one of them"
            )
            raise SpecError(msg)
        self.specs[spec.name] = spec

    def __iter__(self) -> Iterator[ConnectorSpec]:
        return iter(sorted(self.specs.values(), key=lambda s: s.name))

    def __len__(self) -> int:
        return len(self.specs)

    def get(self, name: str) -> ConnectorSpec:
        """The spec called ``name``, or a :class:`SpecError` listing the known names."""
        try:
            return self.specs[name]
        except KeyError:
            msg = f"no connector named {name!r}; known connectors: {', '.join(sorted(self.specs))}"
            raise SpecError(msg) from None

    def hook(self, spec: ConnectorSpec) -> ModuleType | None:
        """The spec's hook module, imported once."""
        if spec.name not in self._hooks:
            self._hooks[spec.name] = _import_hook(spec)
        return self._hooks[spec.name]


def _import_hook(spec: ConnectorSpec) -> ModuleType | None:
    path = spec.hook_path
    if path is None:
        return None
    module_spec = importlib.util.spec_from_file_location(f"cxm_connector_{spec.name}", path)
    if module_spec is None or module_spec.loader is None:
        msg = f"connector {spec.name}: cannot import hook module {path}"
        raise SpecError(msg)
    module = importlib.util.module_from_spec(module_spec)
    try:
        module_spec.loader.exec_module(module)
    except Exception as err:
        msg = f"connector {spec.name}: hook module {path} failed to import: {err}"
        raise SpecError(msg) from err
    return module


def _spec_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.toml"))


def load_registry(settings: Settings, extra_specs: Iterable[Path] = ()) -> Registry:
    """Discover every connector: built-ins, ``HOME/connectors``, ``CXM_CONNECTORS_PATH`` and ``extra_specs``.

    All problems found across the spec files are reported together.
    """
    registry = Registry()
    problems: list[str] = []
    folders = [builtin_connectors_dir(), settings.user_connectors_dir, *settings.connectors_path]
    files = [f for folder in folders for f in _spec_files(folder)] + list(extra_specs)
    seen: set[Path] = set()
    for path in files:
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        try:
            registry.add(read_spec(path))
        except SpecError as err:
            problems.append(str(err))
    if problems:
        raise SpecError("\n".join(problems))
    return registry
