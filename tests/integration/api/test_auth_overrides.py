"""Keys, scopes, links/unlinks/overrides and health over real HTTP, on both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest
from live import Api, assert_problem, current_frames, key_name, serve_cxm

from cxm.config import Settings
from cxm.resolve.config import ResolveConfig
from cxm.resolve.overrides import read_overrides
from cxm.resolve.pipeline import resolve
from cxm.store.frames import StoreFrames

CHALLENGE = 'Bearer realm="cxm"'


# --- what the store holds --------------------------------------------------------------------


def ref(record: dict[str, Any]) -> dict[str, str]:
    return {"source": record["source"], "record_id": record["record_id"]}


def records(frames: StoreFrames) -> pl.DataFrame:
    return frames.tables["source_record"].with_columns(
        pl.col("emails").str.json_decode(pl.List(pl.String))
    )


def unlink_pair(frames: StoreFrames) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two records of one customer, ``b`` after ``a`` and carrying an email no other record has.

    An unlink of ``b`` from ``a`` must then leave exactly one customer answering that email.
    """
    table = records(frames)
    emails = table.select("source", "record_id", "customer_id", email="emails").explode("email")
    unique = emails.drop_nulls("email").filter(pl.len().over("email") == 1)
    shared = table.filter(pl.len().over("customer_id") >= 2)
    candidates = unique.join(shared, on=["source", "record_id", "customer_id"])
    for b in candidates.sort("customer_id", "source", "record_id").iter_rows(named=True):
        mates = shared.filter(pl.col("customer_id") == b["customer_id"]).sort("source", "record_id")
        key = (b["source"], b["record_id"])
        earlier = [r for r in mates.iter_rows(named=True) if (r["source"], r["record_id"]) < key]
        if earlier:
            return earlier[0], b
    pytest.fail("the sample has no record to unlink")


def customer_records(api: Api, customer_id: str) -> set[tuple[str, str]]:
    response = api.get(f"/v1/customers/{customer_id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["customer_id"] == customer_id
    assert body["record_count"] == len(body["records"])
    return {(r["source"], r["record_id"]) for r in body["records"]}


def two_customers(frames: StoreFrames) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record of each of two different customers."""
    table = frames.tables["source_record"].sort("customer_id", "source", "record_id")
    first = table.row(0, named=True)
    second = table.filter(pl.col("customer_id") != first["customer_id"]).row(0, named=True)
    return first, second


# --- 401 -------------------------------------------------------------------------------------


PROTECTED: list[tuple[str, str]] = [
    ("GET", "/v1/customers/cus_x"),
    ("GET", "/v1/customers?name=smith"),
    ("GET", "/v1/customers/cus_x/timeline"),
    ("GET", "/v1/customers/cus_x/explain"),
    ("POST", "/v1/links"),
    ("POST", "/v1/unlinks"),
    ("GET", "/v1/overrides"),
    ("DELETE", "/v1/overrides/ovr_x"),
    ("GET", "/v1/keys"),
    ("POST", "/v1/keys"),
    ("DELETE", "/v1/keys/abc"),
    ("GET", "/v1/me"),
]


def assert_unauthorized(response: httpx.Response) -> None:
    body = assert_problem(response, 401)
    assert body["title"] == "Unauthorized"
    assert response.headers["www-authenticate"] == CHALLENGE


def test_every_route_needs_a_known_active_key(api: Api) -> None:
    revoked = api.post("/v1/keys", {"name": "leaver", "scope": "agent"}, scope="admin").json()
    assert api.client.delete(f"/v1/keys/{revoked['key_id']}", headers=api.auth("admin")).is_success
    credentials: dict[str, dict[str, str]] = {
        "no key": {},
        "bare scheme": {"Authorization": "Bearer"},
        "empty X-API-Key": {"X-API-Key": ""},
        "unknown key": {"Authorization": "Bearer cxm_deadbeef_notakeyatallnotakeyatall"},
        "malformed key": {"Authorization": "Bearer hunter2"},
        "unknown X-API-Key": {"X-API-Key": "cxm_deadbeef_nope"},
        "basic auth": {"Authorization": "Basic dXNlcjpwYXNz"},
        "revoked key": {"Authorization": f"Bearer {revoked['key']}"},
    }

    for method, path in PROTECTED:
        for case, headers in credentials.items():
            # No body on purpose: an anonymous caller learns nothing, not even what is invalid.
            response = api.client.request(method, path, headers=headers)
            try:
                assert_unauthorized(response)
            except AssertionError as err:
                raise AssertionError(f"{method} {path} with {case}: {err}") from err


def test_a_key_may_come_as_x_api_key(api: Api) -> None:
    response = api.client.get("/v1/me", headers={"X-API-Key": api.keys["service"]})

    assert response.status_code == 200, response.text
    assert response.json()["name"] == key_name("service")
    assert response.json()["scope"] == "service"
    assert "key" not in response.json()


# --- 403 -------------------------------------------------------------------------------------


def scope_cases(api: Api) -> list[tuple[str, str, str, Any, int]]:
    """(scope, method, path, body, expected status) for the combinations that matter."""
    cid = api.frames.tables["customer"]["customer_id"][0]
    a, b = two_customers(api.frames)
    pair = {"a": ref(a), "b": ref(b)}
    key = {"name": "new-key", "scope": "service"}
    return [
        # agent: profiles, timelines, lookups, links/unlinks; not keys.
        ("agent", "GET", f"/v1/customers/{cid}", None, 200),
        ("agent", "GET", "/v1/overrides", None, 200),
        ("agent", "GET", "/v1/keys", None, 403),
        ("agent", "POST", "/v1/keys", key, 403),
        ("agent", "DELETE", "/v1/keys/test-service", None, 403),
        # service: reads only.
        ("service", "GET", f"/v1/customers/{cid}", None, 200),
        ("service", "GET", f"/v1/customers/{cid}/timeline", None, 200),
        ("service", "GET", f"/v1/customers/{cid}/explain", None, 200),
        ("service", "GET", "/v1/customers?name=smith", None, 200),
        ("service", "POST", "/v1/unlinks", pair, 403),
        ("service", "POST", "/v1/links", pair, 403),
        ("service", "GET", "/v1/overrides", None, 403),
        ("service", "DELETE", "/v1/overrides/ovr_x", None, 403),
        ("service", "GET", "/v1/keys", None, 403),
        # analyst: exports only, no profiles.
        ("analyst", "GET", f"/v1/customers/{cid}", None, 403),
        ("analyst", "GET", f"/v1/customers/{cid}/timeline", None, 403),
        ("analyst", "GET", f"/v1/customers/{cid}/explain", None, 403),
        ("analyst", "GET", "/v1/customers?name=smith", None, 403),
        ("analyst", "POST", "/v1/links", pair, 403),
        ("analyst", "GET", "/v1/keys", None, 403),
        # admin: keys, and nothing about customers.
        ("admin", "GET", "/v1/keys", None, 200),
        ("admin", "POST", "/v1/keys", key, 201),
        ("admin", "GET", f"/v1/customers/{cid}", None, 403),
        ("admin", "POST", "/v1/unlinks", pair, 403),
        # every valid key may ask who it is.
        *((s, "GET", "/v1/me", None, 200) for s in ("agent", "service", "analyst", "admin")),
    ]


def test_scopes_admit_and_refuse(api: Api) -> None:
    for scope, method, path, body, status in scope_cases(api):
        response = api.client.request(method, path, json=body, headers=api.auth(scope))
        where = f"{scope} {method} {path}"
        assert response.status_code == status, f"{where}: {response.text}"
        if status == 403:
            problem = assert_problem(response, 403)
            assert problem["title"] == "Forbidden", where
            assert repr(scope) in problem["detail"], where

    # The refused writes left nothing behind.
    assert api.get("/v1/overrides").json() == []
    assert read_overrides(api.settings.lake_dir).height == 0


# --- keys ------------------------------------------------------------------------------------


def test_keys_are_shown_once_listed_without_secrets_and_revoked_at_once(api: Api) -> None:
    created = api.post("/v1/keys", {"name": "billing", "scope": "service"}, scope="admin")

    assert created.status_code == 201, created.text
    new = created.json()
    assert new["name"] == "billing" and new["scope"] == "service"
    assert new["revoked_at"] is None
    assert new["key"].startswith(f"cxm_{new['key_id']}_")
    me = api.client.get("/v1/me", headers={"Authorization": f"Bearer {new['key']}"})
    assert me.status_code == 200 and me.json()["key_id"] == new["key_id"]

    listed = api.client.get("/v1/keys", headers=api.auth("admin"))
    assert listed.status_code == 200
    assert {k["name"] for k in listed.json()} == {"billing", *map(key_name, api.keys)}
    assert all("key" not in k for k in listed.json())
    secrets = [new["key"], *api.keys.values()]
    assert not any(s.split("_", 2)[2] in listed.text for s in secrets)

    revoked = api.client.delete(f"/v1/keys/{new['key_id']}", headers=api.auth("admin"))
    assert revoked.status_code == 200, revoked.text
    (gone,) = revoked.json()
    assert gone["key_id"] == new["key_id"] and gone["revoked_at"] is not None
    assert_unauthorized(api.client.get("/v1/me", headers={"Authorization": f"Bearer {new['key']}"}))
    again = api.client.delete(f"/v1/keys/{new['key_id']}", headers=api.auth("admin"))
    assert_problem(again, 404)
    after = {k["key_id"]: k for k in api.client.get("/v1/keys", headers=api.auth("admin")).json()}
    assert after[new["key_id"]]["revoked_at"] is not None


def test_key_creation_validates_its_body(api: Api) -> None:
    for body in (
        {"name": "x", "scope": "root"},
        {"name": "", "scope": "agent"},
        {"scope": "agent"},
        {"name": "x"},
        [],
    ):
        response = api.post("/v1/keys", body, scope="admin")
        assert_problem(response, 422)
    names = {k["name"] for k in api.client.get("/v1/keys", headers=api.auth("admin")).json()}
    assert names == set(map(key_name, api.keys))


# --- unlinks, links, overrides ---------------------------------------------------------------


def test_unlink_moves_record_b_out_of_the_served_profile_at_once(api: Api) -> None:
    a, b = unlink_pair(api.frames)
    owner = a["customer_id"]
    email = b["email"]  # on b alone
    before = customer_records(api, owner)
    assert (b["source"], b["record_id"]) in before

    response = api.post("/v1/unlinks", {"a": ref(a), "b": ref(b), "reason": "different people"})

    assert response.status_code == 201, response.text
    override = response.json()
    assert override["kind"] == "unlink"
    assert override["actor"] == key_name("agent")
    assert override["reason"] == "different people"
    assert override["a"] == ref(a) and override["b"] == ref(b)
    assert override["revoked_at"] is None and override["revoked_by"] is None
    moved_to = override["detached_to"]
    assert moved_to and moved_to != owner
    # Served at once, without a resolve or a publish.
    assert customer_records(api, owner) == before - {(b["source"], b["record_id"])}
    assert customer_records(api, moved_to) == {(b["source"], b["record_id"])}
    detached = api.get(f"/v1/customers/{moved_to}").json()
    assert detached["records"][0]["matched_by"] == "unlinked"
    assert email in detached["identifiers"]["emails"]
    assert email not in api.get(f"/v1/customers/{owner}").json()["identifiers"]["emails"]
    found = api.get("/v1/customers", email=email.upper()).json()["items"]
    assert [i["customer_id"] for i in found] == [moved_to]
    b_events = api.frames.tables["interaction"].filter(
        pl.col("source") == b["source"], pl.col("record_id") == b["record_id"]
    )
    timeline = api.get(f"/v1/customers/{moved_to}/timeline", limit=200).json()["items"]
    assert len(timeline) == b_events.height
    owner_events = api.get(f"/v1/customers/{owner}/timeline", limit=200).json()["items"]
    assert not any(e["record_id"] == b["record_id"] for e in owner_events)
    # Recorded for the next resolve, and listed.
    (stored,) = read_overrides(api.settings.lake_dir).to_dicts()
    assert stored["override_id"] == override["override_id"]
    assert stored["kind"] == "unlink" and stored["actor"] == key_name("agent")
    assert [o["override_id"] for o in api.get("/v1/overrides").json()] == [override["override_id"]]


def test_unlink_answer_names_the_moved_record_b(api: Api) -> None:
    """``detached_to`` is documented as where record ``b`` went: the answer's ``b`` must be it,
    also when the request's ``b`` sorts before its ``a``."""
    first, later = unlink_pair(api.frames)

    response = api.post("/v1/unlinks", {"a": ref(later), "b": ref(first)})

    assert response.status_code == 201, response.text
    body = response.json()
    moved = customer_records(api, body["detached_to"])
    assert moved == {(first["source"], first["record_id"])}, "the request's b moved"
    assert {(body["b"]["source"], body["b"]["record_id"])} == moved, (
        f"the answer's b is {body['b']}, but {moved} is the record that moved to detached_to"
    )


def test_unlink_of_two_customers_moves_nothing(api: Api) -> None:
    a, b = two_customers(api.frames)
    before = customer_records(api, b["customer_id"])

    response = api.post("/v1/unlinks", {"a": ref(a), "b": ref(b)})

    assert response.status_code == 201, response.text
    assert response.json()["detached_to"] is None
    assert customer_records(api, b["customer_id"]) == before


def test_link_is_recorded_with_the_actor_for_the_next_resolve(api: Api) -> None:
    a, b = two_customers(api.frames)
    served_before = customer_records(api, a["customer_id"])

    response = api.post("/v1/links", {"a": ref(a), "b": ref(b), "reason": "same phone"})

    assert response.status_code == 201, response.text
    link = response.json()
    assert link["kind"] == "link"
    assert link["actor"] == key_name("agent")
    assert link["detached_to"] is None
    assert link["override_id"].startswith("ovr_")
    # Not applied to the served store: that is the next resolve's job.
    assert customer_records(api, a["customer_id"]) == served_before
    (stored,) = read_overrides(api.settings.lake_dir, active_only=True).to_dicts()
    assert (stored["override_id"], stored["kind"], stored["actor"]) == (
        link["override_id"],
        "link",
        key_name("agent"),
    )
    listed = api.get("/v1/overrides").json()
    assert [o["override_id"] for o in listed] == [link["override_id"]]
    for side in (a, b):
        touching = api.get("/v1/overrides", customer_id=side["customer_id"]).json()
        assert [o["override_id"] for o in touching] == [link["override_id"]]
    unrelated = api.frames.tables["customer"].filter(
        ~pl.col("customer_id").is_in([a["customer_id"], b["customer_id"]])
    )["customer_id"][0]
    assert api.get("/v1/overrides", customer_id=unrelated).json() == []


def test_revoking_an_unlink_is_audited_and_undone_by_the_next_resolve(api: Api) -> None:
    a, b = unlink_pair(api.frames)
    unlink = api.post("/v1/unlinks", {"a": ref(a), "b": ref(b)}).json()
    oid = unlink["override_id"]

    response = api.client.delete(f"/v1/overrides/{oid}", headers=api.auth("agent"))

    assert response.status_code == 200, response.text
    revoked = response.json()
    assert revoked["override_id"] == oid
    assert revoked["revoked_by"] == key_name("agent")
    assert revoked["revoked_at"] is not None
    (listed,) = api.get("/v1/overrides").json()
    assert listed["revoked_by"] == key_name("agent") and listed["revoked_at"] is not None
    (stored,) = read_overrides(api.settings.lake_dir).to_dicts()
    assert stored["revoked_by"] == key_name("agent")
    assert read_overrides(api.settings.lake_dir, active_only=True).height == 0
    # Revoking twice is refused as a problem, not a crash.
    again = api.client.delete(f"/v1/overrides/{oid}", headers=api.auth("agent"))
    assert 400 <= again.status_code < 500
    assert again.headers["content-type"] == "application/problem+json"
    # The next resolve, published, puts b back with a.
    resolve(api.settings.lake_dir, ResolveConfig())
    api.publish(current_frames(api.settings))
    assert (b["source"], b["record_id"]) in customer_records(api, a["customer_id"])


def test_unknown_override_id_is_a_404(api: Api) -> None:
    response = api.client.delete("/v1/overrides/ovr_doesnotexist", headers=api.auth("agent"))

    assert_problem(response, 404)


def test_overrides_refuse_unknown_and_repeated_records(api: Api) -> None:
    a, _ = two_customers(api.frames)
    ghost = {"source": a["source"], "record_id": "no-such-record"}

    for path in ("/v1/links", "/v1/unlinks"):
        unknown = assert_problem(api.post(path, {"a": ref(a), "b": ghost}), 404)
        assert "no-such-record" in unknown["detail"]
        assert_problem(api.post(path, {"a": ghost, "b": ref(a)}), 404)
        same = assert_problem(api.post(path, {"a": ref(a), "b": ref(a)}), 422)
        assert "itself" in same["detail"]
        for body in ({}, {"a": ref(a)}, {"a": ref(a), "b": {"source": "", "record_id": "1"}}):
            assert_problem(api.post(path, body), 422)

    assert read_overrides(api.settings.lake_dir).height == 0
    assert api.get("/v1/overrides").json() == []


# --- health ----------------------------------------------------------------------------------


def test_health_and_readiness(api: Api) -> None:
    health = api.client.get("/healthz")
    ready = api.client.get("/readyz")

    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ready"
    assert body["run_id"] == api.frames.run_id
    assert body["customers"] == api.frames.count("customer")


def test_readiness_is_a_503_problem_before_the_first_publish(
    sample_home: Path, store_url: str
) -> None:
    settings = Settings(home=sample_home, database_url=store_url)

    with serve_cxm(settings) as server, httpx.Client(base_url=server.url) as client:
        health = client.get("/healthz")
        ready = client.get("/readyz")

    assert health.status_code == 200
    body = assert_problem(ready, 503)
    assert "publish" in body["detail"]


def test_openapi_documents_every_route(api: Api) -> None:
    response = api.client.get("/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for method, path in PROTECTED:
        template = path.split("?")[0]
        template = template.replace("cus_x", "{customer_id}").replace("ovr_x", "{override_id}")
        template = template.replace("/abc", "/{key_id}")
        operation = paths[template][method.lower()]
        assert {"401", "403", "422"} <= set(operation["responses"]), f"{method} {template}"
    assert api.client.get("/docs").status_code == 200
