"""Publishing while the API serves: every answer is all of one publish, never a mix, never a 5xx.

Two versions of the store alternate: A (the sample) and B (A with every name marked, in the
golden records and in the source records alike). A profile whose golden name and record names
disagree about the mark would be a read straddling a publish.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
import polars as pl
import pytest
from live import Api

from cxm.store.frames import StoreFrames
from cxm.store.publish import write_store

MARK = " ~B"
PUBLISHES = 8
CLIENTS = 3
MAX_REQUESTS_PER_CLIENT = 5_000
WAIT_S = 60.0
DAY = timedelta(days=1)


def version_b(frames: StoreFrames) -> StoreFrames:
    """A with every golden and record name marked; counts unchanged."""
    tables = dict(frames.tables)
    for table in ("customer", "source_record"):
        tables[table] = tables[table].with_columns(pl.col("full_name") + MARK)
    return StoreFrames(f"{frames.run_id}-b", tables, frames.unplaced_interactions)


def served_version(body: dict[str, Any]) -> str:
    """``A`` or ``B`` for a profile that is wholly one version; fail on a mix."""
    names = [body["golden"]["full_name"]] + [r["full_name"] for r in body["records"]]
    marks = {name.endswith(MARK) for name in names if name is not None}
    assert len(marks) == 1, f"a profile mixing two publishes: {names}"
    assert body["record_count"] == len(body["records"])
    return "B" if marks.pop() else "A"


def named_customers(frames: StoreFrames, count: int) -> list[str]:
    """Customers with a golden name and several records (the richest first)."""
    customers = frames.tables["customer"].filter(pl.col("full_name").is_not_null())
    ranked = customers.sort("record_count", "customer_id", descending=[True, False])
    return ranked["customer_id"].head(count).to_list()


def test_profiles_stay_consistent_while_publishes_alternate(api: Api) -> None:
    a = api.frames
    b = version_b(a)
    ids = named_customers(a, 12)
    seen: Counter[str] = Counter()
    errors: list[str] = []
    observed = threading.Condition()
    done = threading.Event()

    def client(offset: int) -> None:
        with httpx.Client(base_url=api.server.url, headers=api.auth("service")) as http:
            for n in range(MAX_REQUESTS_PER_CLIENT):
                if done.is_set():
                    return
                customer = ids[(offset + n) % len(ids)]
                try:
                    response = http.get(f"/v1/customers/{customer}")
                    assert response.status_code == 200, f"{response.status_code} {response.text}"
                    version = served_version(response.json())
                except (AssertionError, httpx.HTTPError) as err:
                    errors.append(f"{customer}: {err}")
                    done.set()
                    with observed:
                        observed.notify_all()
                    return
                with observed:
                    seen[version] += 1
                    observed.notify_all()

    def publisher() -> None:
        try:
            for n in range(PUBLISHES):
                version, frames = ("B", b) if n % 2 == 0 else ("A", a)
                with observed:
                    before = seen[version]
                write_store(api.engine, frames)
                # Wait until a client has been served this version: the clients' requests then
                # overlapped every publish, whatever the machine's speed.
                with observed:
                    if not observed.wait_for(
                        lambda v=version, n0=before: seen[v] > n0 or done.is_set(), WAIT_S
                    ):
                        errors.append(f"no client was served version {version} in {WAIT_S}s")
                if done.is_set():
                    return
        finally:
            done.set()

    threads = [threading.Thread(target=client, args=(i * 5,)) for i in range(CLIENTS)]
    threads.append(threading.Thread(target=publisher))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S * 2)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"

    assert errors == []
    assert seen["A"] > 0 and seen["B"] > 0, seen
    # The last publish (A) is what the store serves now.
    assert served_version(api.get(f"/v1/customers/{ids[0]}").json()) == "A"


def test_a_request_during_a_publish_sees_the_previous_one(api: Api) -> None:
    b = version_b(api.frames)
    customer = named_customers(api.frames, 1)[0]
    during: list[httpx.Response] = []

    def half_way(table: str) -> None:
        # Inside the publish's transaction: customers already replaced, not yet committed.
        if table == "source_record":
            during.append(api.get(f"/v1/customers/{customer}", scope="service"))
            during.append(api.client.get("/readyz"))
            during.append(api.get("/v1/customers", scope="service", name="smith"))

    write_store(api.engine, b, after_table=half_way)

    profile, ready, lookup = during
    assert profile.status_code == 200, profile.text
    assert served_version(profile.json()) == "A"
    assert ready.status_code == 200 and ready.json()["run_id"] == api.frames.run_id
    assert lookup.status_code == 200, lookup.text
    assert not any(i["full_name"].endswith(MARK) for i in lookup.json()["items"])
    after = api.get(f"/v1/customers/{customer}", scope="service")
    assert served_version(after.json()) == "B"
    assert api.client.get("/readyz").json()["run_id"] == b.run_id


def test_a_failed_publish_leaves_the_previous_one_serving(api: Api) -> None:
    b = version_b(api.frames)
    customer = named_customers(api.frames, 1)[0]

    def crash(table: str) -> None:
        if table == "interaction":
            msg = "the machine fell over"
            raise RuntimeError(msg)

    with pytest.raises(RuntimeError, match="fell over"):
        write_store(api.engine, b, after_table=crash)

    profile = api.get(f"/v1/customers/{customer}")
    assert profile.status_code == 200, profile.text
    assert served_version(profile.json()) == "A"
    assert api.client.get("/readyz").json()["run_id"] == api.frames.run_id


def test_timeline_cursor_stays_correct_across_a_publish(api: Api) -> None:
    customer = named_customers(api.frames, 1)[0]
    path = f"/v1/customers/{customer}/timeline"
    events = api.frames.tables["interaction"]
    mine = events.filter(pl.col("customer_id") == customer).sort(
        "occurred_at", "source", "interaction_id", descending=True
    )
    assert mine.height >= 12
    first = api.get(path, limit=5).json()
    assert [e["interaction_id"] for e in first["items"]] == mine["interaction_id"].head(5).to_list()

    # New data arrives: an event newer than all (before the cursor), and two after it.
    newest, middle, oldest = (mine.row(i, named=True) for i in (0, 8, -1))
    added = pl.DataFrame(
        [
            {**newest, "interaction_id": "new-newest", "occurred_at": newest["occurred_at"] + DAY},
            {**middle, "interaction_id": "new-middle"},
            {**oldest, "interaction_id": "new-oldest", "occurred_at": oldest["occurred_at"] - DAY},
        ],
        schema=events.schema,
    )
    tables = dict(api.frames.tables) | {"interaction": pl.concat([events, added])}
    api.publish(StoreFrames(f"{api.frames.run_id}-more", tables, 0))

    rest: list[str] = []
    cursor = first["next_cursor"]
    while cursor is not None:
        page = api.get(path, limit=5, cursor=cursor)
        assert page.status_code == 200, page.text
        rest += [e["interaction_id"] for e in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        assert len(rest) <= mine.height + added.height, "pages repeat"

    # Exactly the events after page 1's last one, in the new store's order: nothing repeated,
    # nothing skipped, the new newer event not pulled in (an offset cursor would do all three).
    def order(event: dict[str, Any]) -> tuple[Any, ...]:
        return event["occurred_at"], event["source"], event["interaction_id"]

    last = order(mine.row(4, named=True))
    everything = sorted(pl.concat([mine, added]).iter_rows(named=True), key=order, reverse=True)
    assert rest == [e["interaction_id"] for e in everything if order(e) < last]
    assert {"new-middle", "new-oldest"} <= set(rest)
    assert "new-newest" not in rest
