"""``cxm report --out report.html``: the company-level measures as one self-contained HTML page.

Charts are inline SVG drawn here (no scripts, no network), so the file opens anywhere, offline,
and can be mailed around. Every value is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any, Final

BAR_WIDTH: Final = 360
LABEL_WIDTH: Final = 150
VALUE_WIDTH: Final = 90
ROW_HEIGHT: Final = 26
COLORS: Final = {
    "promoters": "#067647",
    "passives": "#b54708",
    "detractors": "#b42318",
    "low": "#067647",
    "medium": "#b54708",
    "high": "#b42318",
    "positive": "#067647",
    "neutral": "#4a5160",
    "negative": "#b42318",
}
ACCENT: Final = "#1d4ed8"


def bar_chart(title: str, values: dict[str, int | float], *, unit: str = "") -> str:
    """A horizontal bar chart as an inline SVG figure."""
    rows = list(values.items())
    top = max((float(v) for _, v in rows), default=0.0) or 1.0
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH} {height}" width="100%">'
    ]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        width = max(1.0, BAR_WIDTH * float(value) / top) if value else 0.0
        color = COLORS.get(label, ACCENT)
        parts.append(
            f'<text x="0" y="{y + 17}" font-size="13">{escape(str(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="{ROW_HEIGHT - 8}" '
            f'fill="{color}" rx="3"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 17}" font-size="13">'
            f"{escape(_number(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return f"<figure><figcaption>{escape(title)}</figcaption>{''.join(parts)}</figure>"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _tile(label: str, value: Any, note: str = "") -> str:
    shown = "—" if value is None else _number(value)
    return (
        f'<div class="tile"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(shown)}</div><div class="note">{escape(note)}</div></div>'
    )


def render_report(metrics: dict[str, Any], *, run_id: str, published_at: str) -> str:
    """The HTML report for the company-level ``metrics`` of one publish."""
    unified = metrics["unification"]
    nps, csat, churn = metrics["nps"], metrics["csat"], metrics["churn_risk"]
    ltv = ", ".join(f"{m['amount']:,.2f} {m['currency']}" for m in metrics["lifetime_value"])
    csat_score = None if csat["score"] is None else f"{100 * csat['score']:.1f}%"
    tiles = "".join(
        [
            _tile(
                "Customers",
                unified["customers"],
                f"from {unified['source_records']:,} source records",
            ),
            _tile("Records per customer", unified["records_per_customer"]),
            _tile("NPS", nps["score"], f"{nps['responses']:,} customers answered"),
            _tile("CSAT", csat_score, f"{csat['good']:,} good of {csat['ratings']:,} ratings"),
            _tile("Lifetime value", ltv or None, "paid orders net of refunds"),
        ]
    )
    histogram = {f"{i / 10:.1f}-{(i + 1) / 10:.1f}": n for i, n in enumerate(churn["histogram"])}
    charts = [
        bar_chart("Customers by journey stage", metrics["journey_stages"]),
        bar_chart(
            "NPS answers (latest per customer)",
            {k: nps[k] for k in ("promoters", "passives", "detractors")},
        ),
        bar_chart(
            "Churn risk (paying customers)", {k: churn[k] for k in ("low", "medium", "high")}
        ),
        bar_chart("Churn risk scores", histogram),
        bar_chart("Customers by number of departments", metrics["customers_by_departments"]),
        bar_chart("Customers each department touches", metrics["customers_by_department"]),
        bar_chart("Customer sentiment", metrics["sentiment"]),
        bar_chart("Source records by source", unified["records_by_source"]),
    ]
    if metrics["segments"]:
        charts.append(bar_chart("Segments", metrics["segments"]))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cxm report · {escape(run_id)}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; color: #14171f; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }}
h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }} .meta {{ color: #4a5160; margin-top: 0; }}
.tiles {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .8rem; margin: 1.2rem 0; }}
.tile {{ border: 1px solid #d5d9e0; border-radius: 8px; padding: .7rem .9rem; }}
.label {{ color: #4a5160; font-size: .85rem; }} .value {{ font-size: 1.5rem; font-weight: 650; }}
.note {{ color: #4a5160; font-size: .8rem; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 1.2rem; }}
figure {{ margin: 0; border: 1px solid #d5d9e0; border-radius: 8px; padding: .8rem; overflow-x: auto; }}
figcaption {{ font-weight: 600; margin-bottom: .4rem; }}
</style></head>
<body>
<h1>Customer experience report</h1>
<p class="meta">Resolve run {escape(run_id)}, published {escape(published_at)}; measures as of {escape(str(metrics["as_of"]))}.
Definitions: see the README, section “Customer experience measures”.</p>
<section class="tiles" aria-label="Headline measures">{tiles}</section>
<section class="charts" aria-label="Charts">{"".join(charts)}</section>
</body></html>
"""
