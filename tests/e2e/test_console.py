"""The agent console in a real browser: Playwright driving Debian's Chromium against a live server.

Screenshots of the search and customer pages are saved under ``test-artifacts/console/``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cxm.api.app import create_app
from cxm.config import Settings
from cxm.resolve.resolution import require_current
from cxm.store.engine import engine_for, snapshot
from cxm.store.frames import store_frames
from cxm.store.keys import create_key, revoke_key
from cxm.store.publish import write_store
from cxm.store.query import alias_t, find_by_record
from live import serve

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "console"
PHONE_AS_TYPED = "505.555.0168"  # stored as +15055550168
NAME = "Anthony Ramirez"


@dataclass
class Live:
    base: str
    key: str
    settings: Settings
    engine: sa.Engine


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, resolved_sample: Path) -> Iterator[Live]:
    home = tmp_path_factory.mktemp("console") / "home"
    shutil.copytree(resolved_sample, home)
    settings = Settings(home=home)
    engine = engine_for(settings)
    write_store(engine, store_frames(settings.lake_dir, require_current(settings.lake_dir)))
    _, key = create_key(engine, name="alice", scope="agent")
    with serve(create_app(settings, engine)) as server:
        yield Live(server.url, key, settings, engine)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live.base) else outside.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not outside, f"the console fetched from elsewhere: {outside}"
    assert not errors, f"script errors: {errors}"


def _sign_in(page: Page, live: Live, key: str | None = None) -> None:
    page.goto(live.base + "/")
    page.get_by_label("API key").fill(key or live.key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("searchbox", name="Find a customer")).to_be_focused()


def _search(page: Page, text: str) -> None:
    box = page.get_by_role("searchbox", name="Find a customer")
    box.fill(text)
    box.press("Enter")


def test_agent_finds_opens_filters_explains_and_unlinks(page: Page, live: Live) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _sign_in(page, live)
    expect(page.get_by_text("alice (agent)")).to_be_visible()
    assert live.key not in page.url

    _search(page, PHONE_AS_TYPED)
    result = page.locator("#result-list a")
    expect(result).to_have_count(1)
    expect(result).to_contain_text(NAME)
    expect(result).to_contain_text("phone: +15055550168")
    page.screenshot(path=ARTIFACTS / "search.png")

    # Keyboard: from the search box, ArrowDown reaches the result and Enter opens it.
    page.get_by_role("searchbox", name="Find a customer").press("ArrowDown")
    expect(result).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    customer_id = page.url.rsplit("/", 1)[-1]
    assert customer_id.startswith("cus_")
    expect(page.locator("dl.fields").first).to_contain_text("+15055550168")
    events = page.locator("#timeline-list li")
    expect(events.first).to_be_visible()
    total = events.count()
    assert total >= 3
    page.screenshot(path=ARTIFACTS / "customer.png", full_page=True)

    # Filter the timeline by department, then by kind.
    for department in ("commerce", "sales"):
        page.get_by_role("checkbox", name=department).uncheck()
    expect(page.locator("#timeline-status")).to_contain_text("1 event")
    departments = page.locator("#timeline-list li").evaluate_all(
        "items => items.map(i => i.dataset.department)"
    )
    assert departments == ["support"]
    for department in ("commerce", "sales"):
        page.get_by_role("checkbox", name=department).check()
    page.get_by_label("Kind").select_option("order")
    expect(page.locator("#timeline-list li")).to_have_count(1)
    assert page.locator("#timeline-list li").get_attribute("data-kind") == "order"
    page.get_by_label("Kind").select_option("")
    expect(page.locator("#timeline-list li")).to_have_count(total)

    # Why is this one customer?
    page.get_by_text("Why is this one customer?").click()
    expect(page.locator(".edge").first).to_be_visible()
    expect(page.locator("#explain-body")).to_contain_text("4 records held together")
    expect(page.locator("#explain-body")).to_contain_text("rule: exact email")

    # Not the same person: the zendesk record leaves the customer at once.
    row = page.locator('tr[data-record^="zendesk:"]')
    record = row.get_attribute("data-record")
    assert record is not None
    row.get_by_role("button", name="Not the same person").click()
    page.get_by_label("Why is this another person?").fill("different caller, same shared inbox")
    page.get_by_role("button", name="Confirm: not the same person").click()
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("is no longer part of this customer")
    expect(page.locator(f'tr[data-record="{record}"]')).to_have_count(0)
    expect(page.locator("table.records tbody tr")).to_have_count(3)
    source, record_id = record.split(":", 1)
    with snapshot(live.engine) as conn:
        (moved,) = find_by_record(conn, source, record_id)
    assert moved.customer_id != customer_id
    notice.get_by_role("link", name=moved.customer_id).click()
    expect(page.locator("table.records tbody tr")).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "after-unlink.png", full_page=True)


def test_alias_and_unknown_ids(page: Page, live: Live) -> None:
    _sign_in(page, live)
    with snapshot(live.engine) as conn:
        (match,) = find_by_record(conn, "hubspot", "31162634202")
    with live.engine.begin() as conn:
        conn.execute(
            sa.insert(alias_t),
            {
                "alias_id": "cus_00000000000000aa",
                "customer_id": match.customer_id,
                "merged_at": datetime(2026, 1, 1, tzinfo=UTC),
                "run_id": "test",
            },
        )
    page.goto(f"{live.base}/#/customers/cus_00000000000000aa")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_text("cus_00000000000000aa was merged into this customer")).to_be_visible()
    assert page.url.endswith(match.customer_id)
    page.goto(f"{live.base}/#/customers/cus_does_not_exist")
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer not found")


def test_wrong_and_revoked_keys_get_a_clear_message(page: Page, live: Live) -> None:
    page.goto(live.base + "/")
    page.get_by_label("API key").fill("cxm_00000000_not-a-real-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not valid any more")
    _, service_key = create_key(live.engine, name="svc", scope="service")
    page.get_by_label("API key").fill(service_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("needs an agent key")

    _, key = create_key(live.engine, name="bob", scope="agent")
    _sign_in(page, live, key)
    revoke_key(live.engine, "bob")
    _search(page, "smith")
    expect(page.get_by_role("alert")).to_contain_text("not valid any more")
    expect(page.get_by_label("API key")).to_be_visible()


def test_narrow_window_has_no_sideways_scroll(page: Page, live: Live) -> None:
    page.set_viewport_size({"width": 380, "height": 800})
    _sign_in(page, live)
    _search(page, "Ramirez")
    page.locator("#result-list a", has_text=NAME).first.click()
    expect(page.locator("#timeline-list li").first).to_be_visible()
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 380, f"the page is {width}px wide in a 380px window"
    # Every form control has an accessible name.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button')]
              .filter(el => el.offsetParent !== null)
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                            && !el.textContent.trim() && !el.closest('label'))
              .map(el => el.outerHTML)"""
    )
    assert not unnamed, unnamed
    assert re.search(r"Customer experience", page.content())
