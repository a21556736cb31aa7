"""``cxm report``: the company-level CX measures of the published store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cxm.cli_common import console, fail, load_settings
from cxm.errors import CxmError, StoreError


def _metrics() -> dict[str, Any]:
    from cxm.api.metrics import read_metrics
    from cxm.store.engine import engine_for, snapshot
    from cxm.store.migrate import upgrade

    engine = engine_for(load_settings())
    upgrade(engine)
    with snapshot(engine) as conn:
        found = read_metrics(conn)
    if found is None:
        msg = "nothing published yet: run `cxm publish` (or `cxm run`) first"
        raise StoreError(msg)
    return found


def _print(m: dict[str, Any]) -> None:
    table = Table(title=f"cxm report: run {m['run_id']}, published {m['published_at']}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    u, nps, csat, churn = m["unification"], m["nps"], m["csat"], m["churn_risk"]
    rows = [
        ("source records → customers", f"{u['source_records']} → {u['customers']}"),
        ("records per customer", str(u["records_per_customer"])),
        ("NPS (latest answer per customer)", f"{nps['score']} ({nps['responses']} answers)"),
        (
            "promoters / passives / detractors",
            f"{nps['promoters']} / {nps['passives']} / {nps['detractors']}",
        ),
        ("CSAT", f"{csat['score']} ({csat['good']} good of {csat['ratings']})"),
        ("churn risk low / medium / high", f"{churn['low']} / {churn['medium']} / {churn['high']}"),
        *((f"journey: {k}", str(v)) for k, v in m["journey_stages"].items()),
        *(
            (f"customers touching {k} department(s)", str(v))
            for k, v in m["customers_by_departments"].items()
        ),
        *((f"sentiment: {k}", str(v)) for k, v in m["sentiment"].items()),
        *((f"segment: {k}", str(v)) for k, v in m["segments"].items()),
        *((f"lifetime value {x['currency']}", f"{x['amount']:,.2f}") for x in m["lifetime_value"]),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)


def report_command(
    out: Annotated[
        Path | None, typer.Option(help="Write a self-contained HTML report to this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the measures as JSON.")] = False,
) -> None:
    """Company-level CX measures of the published store (NPS, CSAT, churn risk, journey...)."""
    try:
        m = _metrics()
        if out is not None:
            from cxm.ingest.lake import write_text_atomic
            from cxm.insight.report import render_report

            if out.suffix.lower() not in (".html", ".htm"):
                msg = f"{out}: the report is HTML; name the file .html"
                raise StoreError(msg)
            html = render_report(m, run_id=m["run_id"], published_at=m["published_at"])
            write_text_atomic(html, out)
            console.print(f"wrote {out} ({len(html.encode()):,} bytes)")
        elif as_json:
            print(json.dumps(m, indent=1))
        else:
            _print(m)
    except CxmError as err:
        raise fail(err) from err


def register(app: typer.Typer) -> None:
    """Add ``cxm report``."""
    app.command("report")(report_command)
