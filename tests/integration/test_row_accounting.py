"""Property: every input row ends in the lake or in quarantine with the reason it deserves."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cxm.config import Settings
from cxm.errors import UnreadableFileError
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest

MAPPING = """
name = "shop_sales"
title = "Test shop sales"
source = "shop"
department = "commerce"
format = "csv"
[detect]
columns = ["sale_id", "customer", "email"]
[identity]
record_id = "sale_id"
full_name = "customer"
emails = ["email"]
phones = ["phone"]
[[interactions]]
kind = "order"
record_id = "sale_id"
interaction_id = { template = "sale/{sale_id}" }
occurred_at = "sold_at"
amount = "amount"
"""
HEADER = ["sale_id", "customer", "email", "phone", "sold_at", "amount"]

KINDS = ("ok", "ok_multiline", "no_id", "bad_date", "bad_amount", "extra_field", "short", "blank")
EXPECTED_REASON = {
    "no_id": "missing record id",
    "bad_date": "unparseable date in field 'sold_at'",
    "bad_amount": "unparseable amount in field 'amount'",
    "extra_field": "expected 6 fields, found 7",
    "short": "expected 6 fields, found 3",
}


def _row(kind: str, i: int, name: str) -> list[str] | None:
    row = [f"S{i}", name, f"p{i}@example.com", "(555) 010-1234", "2024-03-15 10:00", "12.50"]
    if kind == "ok_multiline":
        row[1] = name + "\nsecond line, with comma"
    elif kind == "no_id":
        row[0] = ""
    elif kind == "bad_date":
        row[4] = "the day after tomorrow"
    elif kind == "bad_amount":
        row[5] = "twelve"
    elif kind == "extra_field":
        row.append("surplus")
    elif kind == "short":
        row = row[:3]
    elif kind == "blank":
        return None
    return row


def _write(kinds: list[str], names: list[str], sep: str, crlf: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=sep, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL
    )
    writer.writerow(HEADER)
    for i, (kind, name) in enumerate(zip(kinds, names, strict=True)):
        row = _row(kind, i, name)
        if row is None:
            out.write("\r\n" if crlf else "\n")
        else:
            writer.writerow(row)
    return out.getvalue()


names_st = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
).map(lambda s: s.strip() or "x")


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(st.sampled_from(KINDS), names_st), min_size=1, max_size=30),
    sep=st.sampled_from([",", ";", "\t"]),
    crlf=st.booleans(),
)
def test_every_row_is_staged_or_quarantined_with_its_reason(
    tmp_path_factory, rows: list[tuple[str, str]], sep: str, crlf: bool
) -> None:
    tmp = tmp_path_factory.mktemp("acct")
    kinds = [k for k, _ in rows]
    (tmp / "sales.csv").write_text(_write(kinds, [n for _, n in rows], sep, crlf), encoding="utf-8")
    (tmp / "sales.cxm.toml").write_text(MAPPING)
    settings = Settings(home=tmp / "home")
    report = ingest([tmp], settings)
    batch = report.files[0].batch
    assert batch is not None
    data_rows = [k for k in kinds if k != "blank"]
    good = [i for i, k in enumerate(kinds) if k in ("ok", "ok_multiline")]
    assert batch.rows_read == len(data_rows)
    assert batch.rows_staged == len(good)
    assert batch.rows_quarantined == len(data_rows) - len(good)
    lake = Lake(settings.lake_dir)
    people = lake.read("identity_record")
    assert sorted(people["record_id"].to_list()) == sorted(f"S{i}" for i in good)
    assert lake.read("interaction").height == len(good)
    quarantine = lake.read("quarantine").sort("row")
    expected = [EXPECTED_REASON[k] for k in kinds if k in EXPECTED_REASON]
    assert len(quarantine) == len(expected)
    for reason, want in zip(quarantine["reason"].to_list(), expected, strict=True):
        assert want in reason


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t 1S@.-x')), max_size=300))
def test_garbage_never_loses_rows_silently(tmp_path_factory, body: str) -> None:
    tmp = tmp_path_factory.mktemp("garbage")
    (tmp / "sales.csv").write_text(",".join(HEADER) + "\n" + body, encoding="utf-8")
    (tmp / "sales.cxm.toml").write_text(MAPPING)
    settings = Settings(home=tmp / "home")
    try:
        report = ingest([tmp], settings)
    except UnreadableFileError:
        assert not Lake(settings.lake_dir).manifest_path.exists()
        return
    batch = report.files[0].batch
    assert batch is not None
    lake = Lake(settings.lake_dir)
    staged = lake.read("identity_record").height
    quarantined = lake.read("quarantine").height
    assert batch.rows_read == batch.rows_staged + batch.rows_quarantined
    assert staged == batch.rows_staged and quarantined == batch.rows_quarantined
