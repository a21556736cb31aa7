"""The README documents every setting, CLI command and connector (a new one without docs fails)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from cxm.cli import app
from cxm.config import Settings
from cxm.ingest.registry import load_registry

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "cxm") -> list[str]:
    click_group = typer.main.get_command(group)
    out = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            out += [f"{prefix} {name} {sub}" for sub in command.commands]
        else:
            out.append(f"{prefix} {name}")
    return out


def test_every_setting_is_documented() -> None:
    missing = [
        f"CXM_{n.upper()}" for n in Settings.model_fields if f"CXM_{n.upper()}" not in README
    ]
    assert not missing, f"settings missing from README: {missing}"


def test_every_command_is_documented() -> None:
    commands = _commands(app)
    assert "cxm ingest" in commands and "cxm lake status" in commands
    missing = [c for c in commands if f"`{c}" not in README]
    assert not missing, f"commands missing from README: {missing}"


def test_every_connector_is_documented(tmp_path: Path) -> None:
    names = [s.name for s in load_registry(Settings(home=tmp_path))]
    missing = [n for n in names if f"`{n}`" not in README]
    assert not missing, f"connectors missing from README: {missing}"


def test_readme_mapping_example_is_the_shipped_file() -> None:
    root = Path(__file__).resolve().parents[2]
    shipped = (root / "sample_data" / "retail" / "loyalty-members.cxm.toml").read_text(
        encoding="utf-8"
    )
    body = "\n".join(line for line in shipped.splitlines() if not line.startswith("#")).strip()
    assert body in README


def test_readme_resolve_config_matches_the_defaults() -> None:
    """The resolve config block in the README is the defaults, key for key."""
    import re
    import tomllib

    from cxm.resolve.config import ResolveConfig

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### Resolve config.*?```toml\n(.*?)```", text, re.S)
    assert block is not None
    documented = ResolveConfig.model_validate(tomllib.loads(block.group(1)))
    assert documented == ResolveConfig()
    assert set(tomllib.loads(block.group(1))) == set(ResolveConfig.model_fields)
