"""A real crash (SIGKILL at the worst moment) leaves the previous lake intact and readable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest

HEADER = "Record ID,First Name,Last Name,Email,Create Date\n"

KILL_AT_COMMIT = """
import os, signal, sys
from pathlib import Path
import cxm.ingest.lake as lake_module
from cxm.config import Settings
from cxm.ingest.pipeline import ingest

def die(self, batches):
    # The batch folders are already moved into place; the manifest switch never happens.
    os.kill(os.getpid(), signal.SIGKILL)

lake_module.Lake._write_manifest = die
ingest([Path(p) for p in sys.argv[2:]], Settings(home=Path(sys.argv[1])))
"""


def test_sigkill_during_commit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings = Settings(home=home)
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "1,Ann,Lee,ann@example.com,2024-01-01\n")
    ingest([first], settings)
    lake = Lake(settings.lake_dir)
    manifest = lake.manifest_path.read_bytes()
    before = lake.read("identity_record")

    first.write_text(HEADER + "1,Ann,Lee-Park,ann@example.com,2024-01-01\n")
    second = tmp_path / "b.csv"
    second.write_text(HEADER + "2,Bo,Ng,bo@example.com,2024-01-02\n")
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_COMMIT, str(home), str(first), str(second)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # Debris is on disk, but no reader sees it.
    assert any((lake.root / "identity_record").glob("source=hubspot/batch=*"))
    assert lake.manifest_path.read_bytes() == manifest
    assert lake.read("identity_record").equals(before)

    report = ingest([first, second], settings)
    assert [f.status for f in report.files] == ["ingested", "ingested"]
    people = lake.read("identity_record").sort("record_id")
    assert people["family_name"].to_list() == ["Lee-Park", "Ng"]
    live = {b.batch_id for b in lake.active()}
    on_disk = {
        p.name.removeprefix("batch=")
        for p in (lake.root / "identity_record").glob("source=*/batch=*")
    }
    assert on_disk == live, "the crashed run's folders were cleaned up"
