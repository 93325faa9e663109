"""The cooperation console in a real browser (Debian's chromium, driven by Playwright) on the stack as
`make up` runs it, after the TRM+ story: the board shows nuclear safety at the framework stage with both
TRM+ meetings as its evidence, the network links the five TRM+ states with weight 2, switching to Korean
changes the labels (in each of the six languages), a phone sees the page without scrolling sideways, a
selection with no meeting says so, and an administrator redelivers a dead letter with the token typed in
(a wrong token shows the problem's title).

Screenshots go to .run/console-screenshots/; NEACOOP_CONSOLE_SCREENSHOT=<path> (`make console-screenshot`)
also writes the board's to that path, which is how docs/console.png is made. Playwright waits on its own
and `expect` polls with a deadline: no sleeps.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Error, Page, ViewportSize, expect, sync_playwright

from common.contracts.registry import LANGUAGES
from devstack.paths import find_project_root
from devstack.receiver import WebhookReceiver
from devstack.story import (
    FIVE_STATES,
    HELD,
    TRACK,
    TRM_PLUS,
    Endpoints,
    Waiter,
    checked,
    deliveries,
    ensure_contact,
    record_held,
    subscribe,
    track,
)
from support.stack import ADMIN_KEY, RunningStack, running_stack

pytestmark = pytest.mark.integration

# Debian's package: Playwright's own browser download cannot work here. `make test` installs it.
CHROMIUM = Path("/usr/bin/chromium")
# Ports of this stack alone (29xxx), so that it runs beside `make up` and the other suites' stacks.
PORTS = {
    "NEACOOP_KAFKA_PORT": "29092",
    "NEACOOP_KAFKA_CONTROLLER_PORT": "29093",
    "NEACOOP_PG_PORT": "29433",
    "NEACOOP_MAIL_PORT": "29025",
    "NEACOOP_REGISTRY_PORT": "29001",
    "NEACOOP_MEETINGS_PORT": "29002",
    "NEACOOP_ROADMAP_PORT": "29003",
    "NEACOOP_NOTIFICATIONS_PORT": "29004",
    "NEACOOP_CONSOLE_PORT": "29005",
}
SCREENSHOTS = find_project_root() / ".run" / "console-screenshots"
TIMEOUT_MS = 30_000
PHONE: ViewportSize = {"width": 390, "height": 844}
# The circuit of an endpoint that kept failing opens for a second, not a minute: a redelivered dead letter is
# sent at once (an operator setting of this stack, devstack.services.OPERATOR_SETTINGS).
SETTINGS = {"NEACOOP_WEBHOOK_CIRCUIT_OPEN_SECONDS": "1"}


@dataclass(frozen=True)
class Console:
    url: str
    running: RunningStack
    meeting_ids: list[str]
    # A webhook subscription whose receiver was down all along: its deliveries are dead letters.
    down_subscription: str


def dead_letters_of(client: httpx.Client, api: Endpoints, subscription_id: str) -> list[dict[str, Any]]:
    return [d for d in deliveries(client, api, subscription_id) if d["status"] == "dead"]


@pytest.fixture(scope="module")
def console() -> Iterator[Console]:
    """The stack with its console, and the TRM+ story played through the APIs, as a partner would: the
    roadmap has advanced nuclear safety to the framework stage, and the meetings held on it are dead
    letters of a second webhook, whose receiver answered 503 to every attempt, before any page opens."""
    with (
        running_stack("console-browser", PORTS, SETTINGS) as running,
        WebhookReceiver() as receiver,
        WebhookReceiver() as down,
        httpx.Client(timeout=30) as client,
    ):
        api, waiter = running.api, Waiter()
        down.fail_with(503)
        contact = ensure_contact(client, api, "KOR", "nuclear.safety@mofa.example.kr", "ko")
        subscribe(client, api, waiter, member="KOR", contact_id=contact, webhook_url=receiver.url)
        body = {
            "member_code": "KOR",
            "contact_id": contact,
            "channel": "webhook",
            "url": down.url,
            "filters": {"event_types": [HELD], "issue_areas": [TRACK]},
            "description": "a receiver that is down",
        }
        created = client.post(f"{api.notifications}/v1/subscriptions", json=body, headers=api.headers)
        down_subscription = str(checked(created, 201)["id"])
        meeting_ids = [record_held(client, api, waiter, meeting) for meeting in TRM_PLUS]
        waiter.until(
            "nuclear safety at solid_framework",
            lambda: track(client, api)["current_stage"] == "solid_framework",
            timeout=120,
        )
        waiter.until(
            "both meetings held dead letters of the receiver that is down",
            lambda: len(dead_letters_of(client, api, down_subscription)) == len(TRM_PLUS),
            timeout=120,
        )
        down.fail_with(None)
        yield Console(
            f"http://127.0.0.1:{PORTS['NEACOOP_CONSOLE_PORT']}", running, meeting_ids, down_subscription
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"no chromium at {CHROMIUM}: install Debian's (`apt-get install chromium`; `make test` does)"
        )
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        except Error as error:
            pytest.fail(f"chromium at {CHROMIUM} did not start: {error.message}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    yield opened
    context.close()


def screenshot(page: Page, name: str, *, publish: bool = False) -> Path:
    """The whole page as it is, under .run/console-screenshots/; with `publish`, also what a reader first sees
    of it (the viewport) where NEACOOP_CONSOLE_SCREENSHOT says (docs/console.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    published = os.environ.get("NEACOOP_CONSOLE_SCREENSHOT", "").strip()
    if publish and published:
        page.screenshot(path=str(find_project_root() / published))
    return path


def open_view(page: Page, console: Console, view: str) -> None:
    page.goto(f"{console.url}/#{view}")
    expect(page.locator(f"#view-{view} .content")).to_have_attribute("aria-busy", "false")


def test_the_board_shows_nuclear_safety_at_the_framework_stage_with_both_trm_plus_meetings_as_evidence(
    console: Console, page: Page
) -> None:
    open_view(page, console, "roadmap")
    card = page.locator('article[data-track="nuclear_safety"]')
    expect(card.get_by_role("heading", level=3)).to_have_text("Nuclear safety")
    expect(card.locator(".stage-name")).to_have_attribute("data-stage", "solid_framework")
    expect(card.locator(".stage-name")).to_have_text("Solid framework")
    why = card.locator(".explanation").first
    expect(why.get_by_role("heading", level=4)).to_have_text("Why it reached Solid framework")
    for meeting, meeting_id in zip(TRM_PLUS, console.meeting_ids, strict=True):
        evidence = why.get_by_role("link", name=re.compile(re.escape(meeting.title["en"])))
        expect(evidence.first).to_have_attribute("href", f"#calendar?meeting={meeting_id}")
    # The history line is drawn: Chart.js's canvas, named for screen readers.
    expect(page.get_by_role("img", name="History of the stages")).to_be_visible()
    screenshot(page, "board", publish=True)


def test_an_evidence_link_opens_the_meeting_in_the_calendar(console: Console, page: Page) -> None:
    open_view(page, console, "roadmap")
    card = page.locator('article[data-track="nuclear_safety"]')
    card.get_by_role("link", name=re.compile("2nd TRM\\+ meeting")).first.click()
    calendar = page.get_by_role("region", name="Calendar of meetings")
    expect(calendar.get_by_role("row")).to_have_count(2)  # the heading and the meeting
    expect(calendar.get_by_role("cell", name="2nd TRM+ meeting on nuclear safety")).to_be_visible()
    attended = calendar.locator("tbody td").last.inner_text()
    assert set(attended.split(", ")) == set(TRM_PLUS[1].attending)


def test_the_calendar_filters_as_the_feed_does_and_says_so_when_nothing_matches(
    console: Console, page: Page
) -> None:
    open_view(page, console, "calendar")
    calendar = page.get_by_role("region", name="Calendar of meetings")
    calendar.get_by_label("Mechanism").select_option("TRM+")
    calendar.get_by_role("button", name="Apply").click()
    expect(calendar.locator("tbody tr")).to_have_count(2)
    calendar.get_by_label("From").fill("2015-01-01")
    calendar.get_by_role("button", name="Apply").click()
    expect(calendar.get_by_role("status")).to_have_text("No meeting matches these filters.")


def test_the_network_links_the_five_trm_plus_states_each_pair_with_weight_2(
    console: Console, page: Page
) -> None:
    open_view(page, console, "network")
    network = page.get_by_role("region", name="Who meets whom")
    network.get_by_label("Mechanism").select_option("TRM+")
    network.get_by_role("button", name="Apply").click()
    links = network.locator("#network-links tbody tr")
    pairs = {" ↔ ".join(sorted(pair)) for pair in combinations(FIVE_STATES, 2)}
    expect(links).to_have_count(len(pairs))
    shown = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text() for row in links.all()
    }
    assert shown == dict.fromkeys(pairs, "2")
    # Cytoscape.js drew them: its canvas is in the graph's box, named with the counts.
    graph = network.get_by_role("img", name=re.compile("Co-participation network"))
    expect(graph).to_have_accessible_name("Co-participation network: 5 · 10")
    expect(graph.locator("canvas").first).to_be_visible()
    screenshot(page, "network")
    # The year slider, by keyboard: as of the end of 2013, only the 1st TRM+ meeting links them.
    network.get_by_role("slider", name="Year").press("ArrowLeft")
    expect(network.locator("output")).to_have_text("Up to the end of 2013")
    expect(links.locator("td:nth-child(2)")).to_have_text(["1"] * len(pairs))


def test_a_selection_with_no_meeting_says_so_in_words(console: Console, page: Page) -> None:
    open_view(page, console, "network")
    network = page.get_by_role("region", name="Who meets whom")
    network.get_by_label("Issue area").select_option("environment")
    network.get_by_role("button", name="Apply").click()
    expect(network.get_by_role("status")).to_have_text(
        "No co-participation data is available for this selection."
    )


# The console's title in each of the project's languages (console/web/src/i18n.js).
TITLES = {
    "en": "Cooperation console",
    "ko": "협력 콘솔",
    "ja": "協力コンソール",
    "zh": "合作控制台",
    "ru": "Консоль сотрудничества",
    "mn": "Хамтын ажиллагааны самбар",
}


def test_the_language_switch_offers_the_projects_six_languages_each_relabelling_the_page(
    console: Console, page: Page
) -> None:
    assert tuple(TITLES) == LANGUAGES
    open_view(page, console, "calendar")
    switch = page.get_by_label(re.compile("^(Language|언어|言語|语言|Язык|Хэл)$"))
    assert switch.locator("option").evaluate_all("options => options.map(o => o.value)") == list(LANGUAGES)
    for language, title in TITLES.items():
        switch.select_option(language)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page).to_have_title(title)


def test_switching_to_korean_changes_the_labels_and_the_names(console: Console, page: Page) -> None:
    open_view(page, console, "roadmap")
    page.get_by_label("Language").select_option("ko")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("협력 콘솔")
    expect(page.get_by_role("navigation").get_by_role("link", name="로드맵")).to_be_visible()
    card = page.locator('article[data-track="nuclear_safety"]')
    expect(card.locator(".stage-name")).to_have_text("견고한 틀")
    # The meetings' own titles in Korean, as the meetings service gives them.
    expect(card.get_by_role("link", name=re.compile("제2차 TRM\\+ 원자력안전 회의")).first).to_be_visible()
    screenshot(page, "board-ko")
    # The choice stays with the reader.
    page.reload()
    expect(page.get_by_role("heading", level=2, name="로드맵 현황판")).to_be_visible()


# axe-core (Deque's accessibility engine, pinned in console/web/package.json and installed with the page's
# packages): the WCAG 2.x A and AA rules it can check in a browser, contrast and labels among them.
AXE = find_project_root() / "console" / "web" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("view", ["roadmap", "calendar", "network", "engagement", "admin"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_view_passes_axe_cores_wcag_a_and_aa_rules(
    console: Console, page: Page, view: str, language: str
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: `make console` installs the page's packages"
    page.goto(f"{console.url}/")
    page.evaluate(f"localStorage.setItem('neacoop.console.language', '{language}')")
    open_view(page, console, view)
    page.add_script_tag(path=str(AXE))
    found: dict[str, Any] = page.evaluate("rules => axe.run(document, rules)", AXE_RULES)
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}; "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in found["violations"]
    ]
    assert violations == [], "\n".join(violations)


def test_on_a_phone_the_board_fits_the_screen_and_the_keyboard_reaches_the_content_first(
    browser: Browser, console: Console
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_view(page, console, "roadmap")
        expect(page.locator('article[data-track="nuclear_safety"]')).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a phone's screen"
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to the content")).to_be_focused()
        screenshot(page, "board-phone")
    finally:
        context.close()


def test_an_administrator_redelivers_a_dead_letter_and_a_wrong_token_shows_the_problems_title(
    console: Console, page: Page
) -> None:
    open_view(page, console, "admin")
    admin = page.get_by_role("region", name="Deliveries and dead letters")
    expect(admin.get_by_role("status")).to_have_text("Type the administrator token to see the deliveries.")
    admin.get_by_label("Administrator token").fill("not-the-key")
    admin.get_by_role("button", name="Use this token").click()
    expect(admin.get_by_role("alert")).to_contain_text("Credentials missing or not valid")
    admin.get_by_label("Administrator token").fill(ADMIN_KEY)
    admin.get_by_role("button", name="Use this token").click()
    # Dead letters first: the two meetings held the receiver that was down never took.
    dead = admin.get_by_role("table", name="Dead letters").locator("tbody tr")
    expect(dead).to_have_count(len(TRM_PLUS))
    expect(dead.first).to_contain_text("meetings.meeting.held.v1")
    screenshot(page, "dead-letters")
    dead.first.get_by_role("button", name="Redeliver").click()
    expect(admin.get_by_role("status")).to_contain_text("is queued again")
    expect(dead).to_have_count(len(TRM_PLUS) - 1)
    # The receiver is back: the redelivered one arrives.
    with httpx.Client(timeout=30) as client:
        Waiter().until(
            "the redelivered dead letter delivered",
            lambda: any(
                d["status"] == "delivered"
                for d in deliveries(client, console.running.api, console.down_subscription)
            ),
            timeout=60,
        )
    admin.get_by_label("Status").select_option("delivered")
    admin.get_by_role("button", name="Apply").click()
    expect(admin.get_by_role("table", name="Deliveries").locator("tbody tr").first).to_contain_text(
        "delivered"
    )


def test_engagement_by_member_names_the_trm_plus_states_active_after_the_story(
    console: Console, page: Page
) -> None:
    open_view(page, console, "engagement")
    engagement = page.get_by_role("region", name="Engagement by member")
    engagement.get_by_label("As of").fill("2014-06-01")
    engagement.get_by_role("button", name="Apply").click()
    for code in FIVE_STATES:
        row = engagement.locator("tbody tr").filter(has_text=re.compile(f"^{code} · "))
        expect(row).to_contain_text("active")
