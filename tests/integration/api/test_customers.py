"""``/v1/customers``: profiles, lookups, timelines and explanations over real HTTP, both backends.

Expected values come from the frames the fixture published (what the store must serve), so a
wrong join, filter, normalization or order in the API shows up as a difference.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import polars as pl
import pytest
from live import Api, assert_problem, current_frames, key_name

from cxm.resolve.config import ResolveConfig
from cxm.resolve.overrides import RecordRef, add_override
from cxm.resolve.pipeline import resolve
from cxm.store.audit import read_audit
from cxm.store.frames import StoreFrames
from cxm.store.query import GOLDEN_FIELDS, IDENTIFIER_LISTS

# A customer of the sample whose name a typo should still find first (the sample is committed).
TYPO_TARGET = "Timothy Mitchell"
TYPO = "Timothy Mithcell"
# Two customers resolution keeps apart that are one person (one entity in sample_data/truth.csv).
SPLIT_PERSON = "Alexandra Van Dyke"


# --- what the store holds --------------------------------------------------------------------


def subject(frames: StoreFrames) -> dict[str, Any]:
    """The customer with the most records (then events): the richest profile in the sample."""
    customers = frames.tables["customer"].sort(
        "record_count", "interaction_count", "customer_id", descending=[True, True, False]
    )
    return customers.row(0, named=True)


def customers_named(frames: StoreFrames, full_name: str) -> list[dict[str, Any]]:
    """Customers whose golden name is ``full_name``, most records first."""
    found = frames.tables["customer"].filter(pl.col("full_name") == full_name)
    return found.sort("record_count", "customer_id", descending=[True, False]).to_dicts()


def records_of(frames: StoreFrames, customer_id: str) -> list[dict[str, Any]]:
    """A customer's source records, in the order the profile lists them."""
    records = frames.tables["source_record"].filter(pl.col("customer_id") == customer_id)
    return records.sort("source", "record_id").to_dicts()


def events_of(frames: StoreFrames, customer_id: str) -> pl.DataFrame:
    """A customer's events, newest first as the timeline orders them."""
    events = frames.tables["interaction"].filter(pl.col("customer_id") == customer_id)
    return events.sort("occurred_at", "source", "interaction_id", descending=True)


def identifier_values(frames: StoreFrames, kind: str, customer_id: str) -> list[str]:
    """The stored values of one kind of identifier of a customer."""
    ids = frames.tables["identifier"].filter(
        pl.col("kind") == kind, pl.col("customer_id") == customer_id
    )
    return sorted(ids["value"].to_list())


def owners(frames: StoreFrames, kind: str, value: str) -> list[str]:
    """Which customers carry an identifier value."""
    ids = frames.tables["identifier"].filter(pl.col("kind") == kind, pl.col("value") == value)
    return sorted(set(ids["customer_id"].to_list()))


def us_national(e164: str) -> str:
    """``+15550101234`` written as an agent would type it: ``(555) 010-1234``."""
    assert e164.startswith("+1") and len(e164) == 12, e164
    digits = e164[2:]
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


def lookup_ids(api: Api, **params: Any) -> list[str]:
    """The customer ids a lookup answers (first page), asserting it succeeded."""
    response = api.get("/v1/customers", **params)
    assert response.status_code == 200, response.text
    return [item["customer_id"] for item in response.json()["items"]]


def all_pages(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated answer, following ``next_cursor`` (bounded)."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        page = api.get(path, **params, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["items"]) <= params["limit"]
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert body["items"], "a page with a next cursor must not be empty"
    pytest.fail(f"{path} kept paginating")


# --- profile ---------------------------------------------------------------------------------


def test_profile_serves_golden_provenance_identifiers_and_records(api: Api) -> None:
    want = subject(api.frames)
    cid = want["customer_id"]

    response = api.get(f"/v1/customers/{cid}")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    got = response.json()
    assert got["customer_id"] == got["requested_id"] == cid
    assert got["aliases"] == []
    assert got["golden"] == {f: want[f] for f in GOLDEN_FIELDS}
    assert got["provenance"] == json.loads(want["provenance"])
    assert got["identifiers"] == {f: json.loads(want[f]) for f in IDENTIFIER_LISTS}
    assert got["sources"] == json.loads(want["sources"])
    assert got["departments"] == json.loads(want["departments"])
    assert got["record_count"] == want["record_count"] == len(got["records"])
    assert (
        got["interaction_count"] == want["interaction_count"] == events_of(api.frames, cid).height
    )
    assert got["traits"]["interactions"] == want["interaction_count"]
    records = records_of(api.frames, cid)
    assert [(r["source"], r["record_id"]) for r in got["records"]] == [
        (r["source"], r["record_id"]) for r in records
    ]
    assert [r["full_name"] for r in got["records"]] == [r["full_name"] for r in records]
    assert [r["emails"] for r in got["records"]] == [json.loads(r["emails"]) for r in records]
    # Every golden value names a record of this customer as its source.
    keys = {(r["source"], r["record_id"]) for r in got["records"]}
    assert got["provenance"], "a multi-record customer's golden record has provenance"
    for field, origin in got["provenance"].items():
        assert field in GOLDEN_FIELDS
        assert (origin["source"], origin["record_id"]) in keys
        assert origin["rule"]


@pytest.mark.parametrize("suffix", ["", "/timeline", "/explain"])
def test_unknown_customer_is_a_404_problem(api: Api, suffix: str) -> None:
    response = api.get(f"/v1/customers/cus_doesnotexist{suffix}")

    body = assert_problem(response, 404)
    assert body["title"] == "Not found"
    assert "cus_doesnotexist" in body["detail"]


# --- lookups ---------------------------------------------------------------------------------


def test_lookup_by_phone_in_another_format(api: Api) -> None:
    want = subject(api.frames)
    typed = us_national(want["phone"])

    response = api.get("/v1/customers", phone=typed)

    assert response.status_code == 200, response.text
    body = response.json()
    assert [i["customer_id"] for i in body["items"]] == owners(api.frames, "phone", want["phone"])
    first = body["items"][0]
    assert first["matched"] == {"field": "phone", "value": want["phone"]}
    assert first["score"] == 1.0
    assert body["next_cursor"] is None


def test_lookup_by_upper_case_email(api: Api) -> None:
    want = subject(api.frames)

    found = lookup_ids(api, email=f"  {want['email'].upper()} ")

    assert found == [want["customer_id"]]


def test_lookup_by_order_number_with_and_without_hash(api: Api) -> None:
    want = subject(api.frames)
    number = identifier_values(api.frames, "order", want["customer_id"])[0]

    with_hash = api.get("/v1/customers", order=f"#{number}").json()
    bare = lookup_ids(api, order=number)

    assert [i["customer_id"] for i in with_hash["items"]] == [want["customer_id"]] == bare
    assert with_hash["items"][0]["matched"] == {"field": "order", "value": number}


def test_lookup_by_handle_in_every_form(api: Api) -> None:
    want = subject(api.frames)
    platform, handle = json.loads(want["handles"])[0].split(":", 1)
    other = next(p for p in ("instagram", "tiktok", "twitter") if p != platform)

    for typed in (handle, f"@{handle}", f"{platform}:{handle}", f"{platform}:@{handle}"):
        assert lookup_ids(api, handle=typed) == [want["customer_id"]], typed
    assert lookup_ids(api, handle=f"{other}:{handle}") == []


def test_lookup_by_source_and_record_id(api: Api) -> None:
    want = subject(api.frames)
    record = records_of(api.frames, want["customer_id"])[-1]

    response = api.get("/v1/customers", source=record["source"], record_id=record["record_id"])

    assert response.status_code == 200, response.text
    (item,) = response.json()["items"]
    assert item["customer_id"] == want["customer_id"]
    assert item["matched"] == {
        "field": "record",
        "value": f"{record['source']}:{record['record_id']}",
    }
    assert lookup_ids(api, source=record["source"], record_id="no-such-record") == []


def test_lookup_by_name_ranks_a_typo_first(api: Api) -> None:
    (target,) = customers_named(api.frames, TYPO_TARGET)

    response = api.get("/v1/customers", name=TYPO)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) > 1, "the shared given name should bring other candidates"
    assert items[0]["customer_id"] == target["customer_id"]
    assert items[0]["matched"]["field"] == "name"
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    assert 0 < scores[-1] <= scores[0] < 1.0  # a typo is never an exact match


def test_name_lookup_pages_cover_every_result_once(api: Api) -> None:
    full = api.get("/v1/customers", name="timothy", limit=100).json()
    assert full["next_cursor"] is None
    everyone = [i["customer_id"] for i in full["items"]]
    assert len(everyone) >= 5

    paged = all_pages(api, "/v1/customers", name="timothy", limit=2)

    assert [i["customer_id"] for i in paged] == everyone
    assert len(set(everyone)) == len(everyone)


EXACTLY_ONE_VIOLATIONS: dict[str, dict[str, str]] = {
    "none": {},
    "email+phone": {"email": "jo@example.com", "phone": "+15550101234"},
    "name+order": {"name": "smith", "order": "1001"},
    "source alone": {"source": "zendesk"},
    "record_id alone": {"record_id": "123"},
    "email+record": {"email": "jo@example.com", "source": "zendesk", "record_id": "1"},
    "blank": {"name": "   "},
}
BAD_LOOKUPS: list[tuple[dict[str, str], str]] = [
    ({"email": "not-an-email"}, "email"),
    ({"email": "jo@@example"}, "email"),
    ({"phone": "call me"}, "phone"),
    ({"phone": "12"}, "phone"),
    ({"handle": "@"}, "handle"),
    ({"name": "!!!"}, "name"),
    ({"order": "#"}, "order"),
    ({"name": "smith", "limit": "0"}, "limit"),
    ({"name": "smith", "limit": "101"}, "limit"),
    ({"name": "smith", "cursor": "not-a-cursor"}, "cursor"),
    ({"name": "smith", "cursor": "WyIxIiwiMiJd"}, "cursor"),  # a two-part cursor
    ({"name": "smith", "cursor": "WyItMiJd"}, "cursor"),  # ["-2"]
]


def test_lookup_needs_exactly_one_parameter(api: Api) -> None:
    for case, params in EXACTLY_ONE_VIOLATIONS.items():
        body = assert_problem(api.get("/v1/customers", **params), 422)
        assert body["title"] == "Invalid request", case


def test_lookup_rejects_bad_values(api: Api) -> None:
    for params, field in BAD_LOOKUPS:
        body = assert_problem(api.get("/v1/customers", **params), 422)
        assert field in body["detail"], (params, body)


# --- timeline --------------------------------------------------------------------------------


def event_key(event: dict[str, Any]) -> tuple[str, str]:
    return event["source"], event["interaction_id"]


def test_timeline_is_newest_first_and_pages_cover_every_event_once(api: Api) -> None:
    cid = subject(api.frames)["customer_id"]
    events = events_of(api.frames, cid)
    assert events.height > 10

    whole = api.get(f"/v1/customers/{cid}/timeline", limit=200).json()
    paged = all_pages(api, f"/v1/customers/{cid}/timeline", limit=4)

    assert whole["customer_id"] == cid and whole["next_cursor"] is None
    want = list(zip(events["source"], events["interaction_id"], strict=True))
    assert [event_key(e) for e in whole["items"]] == want
    assert [event_key(e) for e in paged] == want
    times = [datetime.fromisoformat(e["occurred_at"]) for e in paged]
    assert times == sorted(times, reverse=True)
    assert all(t.tzinfo is not None for t in times)


def test_timeline_filters_by_channel_kind_department_and_time(api: Api) -> None:
    cid = subject(api.frames)["customer_id"]
    events = events_of(api.frames, cid)
    channels = sorted(set(events["channel"].drop_nulls().to_list()))
    kinds = sorted(set(events["kind"].to_list()))
    assert len(channels) >= 2 and len(kinds) >= 2
    times = events["occurred_at"].unique().sort()
    since, until = times[len(times) // 4], times[3 * len(times) // 4]
    path = f"/v1/customers/{cid}/timeline"

    def served(**params: Any) -> list[tuple[str, str]]:
        return [event_key(e) for e in all_pages(api, path, limit=3, **params)]

    def expected(mask: pl.Expr) -> list[tuple[str, str]]:
        kept = events.filter(mask)
        assert 0 < kept.height < events.height, "a filter that keeps all or nothing tests little"
        return list(zip(kept["source"], kept["interaction_id"], strict=True))

    assert served(channel=channels[0]) == expected(pl.col("channel") == channels[0])
    assert served(channel=channels[:2]) == expected(pl.col("channel").is_in(channels[:2]))
    assert served(kind=kinds[-1]) == expected(pl.col("kind") == kinds[-1])
    department = events["department"][0]
    assert served(department=department) == expected(pl.col("department") == department)
    window = (pl.col("occurred_at") >= since) & (pl.col("occurred_at") < until)
    assert served(since=since.isoformat(), until=until.isoformat()) == expected(window)
    # The same instants written with another offset select the same events.
    shifted = {
        "since": since.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat(),
        "until": until.astimezone(timezone(timedelta(hours=-7))).isoformat(),
    }
    assert served(**shifted) == expected(window)


BAD_TIMELINE: list[tuple[dict[str, str], str]] = [
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"cursor": "WyIxIl0"}, "cursor"),  # a lookup's one-part cursor
    ({"cursor": "WyJub3QgYSB0aW1lIiwiYSIsImIiXQ"}, "cursor"),  # ["not a time","a","b"]
    ({"since": "yesterday"}, "since"),
    ({"until": "2024-13-45"}, "until"),
    ({"limit": "0"}, "limit"),
    ({"limit": "201"}, "limit"),
    ({"limit": "ten"}, "limit"),
]


def test_timeline_rejects_bad_parameters(api: Api) -> None:
    path = f"/v1/customers/{subject(api.frames)['customer_id']}/timeline"

    for params, field in BAD_TIMELINE:
        body = assert_problem(api.get(path, **params), 422)
        assert field in body["detail"], (params, body)


def test_times_out_of_range_are_422_not_server_errors(api: Api) -> None:
    path = f"/v1/customers/{subject(api.frames)['customer_id']}/timeline"
    # Valid ISO 8601, but in UTC before year 1 or after year 9999.
    early, late = "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"
    forged = base64.urlsafe_b64encode(json.dumps([early, "a", "b"]).encode()).decode()

    for params, field in (({"since": early}, "since"), ({"until": late}, "until")):
        body = assert_problem(api.get(path, **params), 422)
        assert field in body["detail"], body
    assert_problem(api.get(path, cursor=forged.rstrip("=")), 422)


def test_nul_characters_are_refused_as_the_callers_error(api: Api) -> None:
    """PostgreSQL cannot hold a NUL character in text; a value carrying one is the caller's
    mistake (4xx), not an unavailable store (503, "retry shortly")."""
    cid = subject(api.frames)["customer_id"]
    requests: list[tuple[str, dict[str, str]]] = [
        (f"/v1/customers/{cid}/timeline", {"channel": "web\x00"}),
        (f"/v1/customers/{cid}/timeline", {"kind": "\x00"}),
        (f"/v1/customers/{cid}/timeline", {"department": "a\x00b"}),
        ("/v1/customers", {"q": "\x00abc"}),
        ("/v1/customers", {"external_id": "ab\x00c"}),
        ("/v1/customers", {"handle": "@a\x00b"}),
        ("/v1/customers", {"order": "12\x003"}),
        ("/v1/customers", {"name": "jo\x00hn"}),
        ("/v1/customers", {"source": "a\x00", "record_id": "b"}),
        ("/v1/customers/cus_%00x", {}),
        ("/v1/customers/cus_%00x/explain", {}),
        ("/v1/overrides", {"customer_id": "a\x00b"}),
    ]

    for path, params in requests:
        response = api.get(path, **params)
        assert response.status_code < 500, f"{path} {params!r}: {response.text}"
        if response.status_code >= 400:
            assert response.headers["content-type"] == "application/problem+json"


# --- explain ---------------------------------------------------------------------------------


def test_explain_lists_the_records_and_the_edges_holding_them(api: Api) -> None:
    cid = subject(api.frames)["customer_id"]

    response = api.get(f"/v1/customers/{cid}/explain")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["customer_id"] == cid
    records = records_of(api.frames, cid)
    assert [(r["source"], r["record_id"], r["matched_by"]) for r in body["records"]] == [
        (r["source"], r["record_id"], r["matched_by"]) for r in records
    ]
    assert body["edges"]
    keys = {(r["source"], r["record_id"]) for r in records}
    merged = [e for e in body["edges"] if e["status"] == "merged"]
    assert merged, "a multi-record customer is held together by merged edges"
    for edge in merged:
        assert edge["both_in_customer"] is True
        assert (edge["a"]["source"], edge["a"]["record_id"]) in keys
        assert (edge["b"]["source"], edge["b"]["record_id"]) in keys
        assert edge["evidence"]
    # A weight is a number, or null for a certain rule (identical records, stored as +inf):
    # JSON has no infinity, and the OpenAPI document (Edge.match_weight) says so.
    for edge in body["edges"]:
        weight = edge["match_weight"]
        if weight is None:
            assert edge["kind"] == "rule" and edge["match_probability"] == 1.0, edge
        else:
            assert isinstance(weight, float | int), edge
        assert 0.0 <= edge["match_probability"] <= 1.0
    weights = [e["match_weight"] for e in body["edges"]]
    assert None in weights and any(w is not None for w in weights), "both kinds are exercised"


# --- aliases after a merge -------------------------------------------------------------------


def test_merged_away_id_answers_with_the_survivor(api: Api) -> None:
    first, second = customers_named(api.frames, SPLIT_PERSON)
    a = records_of(api.frames, first["customer_id"])[0]
    b = records_of(api.frames, second["customer_id"])[0]
    for customer in (first, second):
        cid = customer["customer_id"]
        assert api.get(f"/v1/customers/{cid}").json()["customer_id"] == cid

    # An agent's link, applied by the next resolve and published while the server runs.
    lake = api.settings.lake_dir
    ref_a = RecordRef(a["source"], a["record_id"])
    ref_b = RecordRef(b["source"], b["record_id"])
    add_override(lake, "link", ref_a, ref_b, actor="tester")
    resolve(lake, ResolveConfig())
    republished = api.publish(current_frames(api.settings))
    aliases = republished.tables["alias"]
    pair = {first["customer_id"], second["customer_id"]}
    (merge,) = aliases.filter(pl.col("alias_id").is_in(list(pair))).to_dicts()
    old_id, new_id = merge["alias_id"], merge["customer_id"]
    assert {old_id, new_id} == pair, "one of the two ids survives, the other is its alias"
    merged_away = first if first["customer_id"] == old_id else second

    profile = api.get(f"/v1/customers/{old_id}")
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert body["customer_id"] == new_id
    assert body["requested_id"] == old_id
    assert old_id in body["aliases"]
    keys = {(r["source"], r["record_id"]) for r in body["records"]}
    assert {(a["source"], a["record_id"]), (b["source"], b["record_id"])} <= keys
    assert body["record_count"] == first["record_count"] + second["record_count"]
    # The survivor's own id answers the same customer, and the other routes follow the alias.
    assert api.get(f"/v1/customers/{new_id}").json()["aliases"] == body["aliases"]
    timeline = api.get(f"/v1/customers/{old_id}/timeline")
    assert timeline.status_code == 200 and timeline.json()["customer_id"] == new_id
    explain = api.get(f"/v1/customers/{old_id}/explain")
    assert explain.status_code == 200 and explain.json()["customer_id"] == new_id
    assert lookup_ids(api, email=merged_away["email"]) == [new_id]


# --- audit and logs --------------------------------------------------------------------------


def test_profile_lookups_are_audited_with_key_and_customer(api: Api) -> None:
    want = subject(api.frames)
    cid = want["customer_id"]
    assert api.get(f"/v1/customers/{cid}", scope="agent").status_code == 200
    assert api.get(f"/v1/customers/{cid}", scope="service").status_code == 200
    assert api.get(f"/v1/customers/{cid}/timeline", scope="service").status_code == 200
    assert api.get("/v1/customers", email=want["email"]).status_code == 200
    assert api.get(f"/v1/customers/{cid}", scope="analyst").status_code == 403
    before = datetime.now(UTC)

    api.server.stop()  # the audit writer flushes on shutdown

    entries = read_audit(api.engine)
    seen = {(e.key_name, e.action, e.customer_id) for e in entries}
    assert (key_name("agent"), "profile", cid) in seen
    assert (key_name("service"), "profile", cid) in seen
    assert (key_name("service"), "timeline", cid) in seen
    assert (key_name("agent"), "lookup:email", None) in seen
    assert not any(e.key_name == key_name("analyst") for e in entries), "a refused read"
    assert all(e.at <= before for e in entries)
    # Audit rows hold ids, never what was looked up.
    for entry in entries:
        assert entry.customer_id is None or entry.customer_id.startswith("cus_")
        assert want["email"] not in entry.action


def test_logs_carry_no_personal_data(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    want = subject(api.frames)
    caplog.set_level(logging.DEBUG)
    typed = {
        "email": want["email"],
        "phone": us_national(want["phone"]),
        "name": want["full_name"],
    }

    for field, value in typed.items():
        assert api.get("/v1/customers", **{field: value}).status_code == 200
    assert api.get("/v1/customers", email="nobody@nowhere.example").status_code == 200
    assert api.get("/v1/customers", phone="not a phone").status_code == 422

    logged = caplog.text
    assert "/v1/customers" in logged, "the access log line is written"
    for value in (*typed.values(), want["phone"], "nobody@nowhere.example", "not a phone"):
        assert value not in logged
