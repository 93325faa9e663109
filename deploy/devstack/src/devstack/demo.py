"""`make demo`: the TRM+ story (devstack.story) told step by step against the stack `make up` started,
printing what each service answered: the track's stage and its explanation, and every delivery.

`tell` is the story itself, for any stack reachable over HTTP: the docker compose test
(tests/test_compose_stack.py) tells it against the compose stack, with Mailpit's API as the mailbox."""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from devstack.process import DevstackError
from devstack.receiver import WebhookReceiver
from devstack.services import SERVICES
from devstack.stack import Stack, load_admin_key
from devstack.story import (
    HELD,
    TRACK,
    TRM_PLUS,
    Email,
    Endpoints,
    Waiter,
    advancements,
    checked,
    deliveries,
    emails_to,
    ensure_contact,
    inbox,
    record_held,
    subscribe,
    track,
)

FOCAL_POINT = "nuclear.safety@mofa.example.kr"
DEMO_MARK = "make demo"


class Progress:
    """A spinner with the seconds waited, on one line of a terminal; dots elsewhere (CI logs)."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self.frames = itertools.cycle("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        self.last = 0.0

    def __call__(self, what: str, elapsed: float) -> None:
        if self.tty:
            print(f"\r   {next(self.frames)} waiting for {what} ... {elapsed:4.1f} s ", end="", flush=True)
        elif time.monotonic() - self.last > 2:
            print(f"   ... waiting for {what} ({elapsed:.0f} s)", flush=True)
            self.last = time.monotonic()

    def done(self) -> None:
        if self.tty:
            print("\r" + " " * 100 + "\r", end="", flush=True)


def step(number: int, text: str) -> None:
    print(f"\n{number}. {text}", flush=True)


def show_explanation(line: dict[str, Any]) -> None:
    moved = f"{line['from_stage']} -> {line['to_stage']} on {line['advanced_on']}"
    print(f"   {moved}, completed by meeting {line['completed_by']}")
    for part in line["explanation"]:
        mark = "met " if part["met"] else "not "
        evidence = ", ".join(part["evidence"]["meeting_ids"]) or "-"
        print(f"     [{mark}] {part['path']}: {part['description']}")
        print(f"            {part['value']} of {part['target']}; meetings: {evidence}")


def remove_earlier_demo_subscriptions(client: httpx.Client, api: Endpoints) -> int:
    """An earlier run's webhook pointed at a receiver that is gone: its subscriptions go with it."""
    listed = checked(client.get(f"{api.notifications}/v1/subscriptions?limit=200", headers=api.headers))
    removed = 0
    for subscription in listed["items"]:
        if (subscription.get("description") or "").startswith(DEMO_MARK):
            client.delete(f"{api.notifications}/v1/subscriptions/{subscription['id']}", headers=api.headers)
            removed += 1
    return removed


@dataclass(frozen=True)
class Audience:
    """Where the story's subscriber is reached: a webhook receiver the notifications service can call, the
    mailbox its emails land in (`emails` lists those to an address), and what to call that mailbox."""

    receiver: WebhookReceiver
    emails: Callable[[str], list[Email]]
    mailbox: str
    start_hint: str = "run `make up` first (`make status` tells)"


@dataclass(frozen=True)
class Ending:
    """What the story observed at its end, for a test to judge."""

    stage: str
    delivered: dict[str, int]
    verified_webhooks: int
    emails: list[Email]


def run(stack: Stack, arguments: object = None) -> None:
    admin_key, _ = load_admin_key(stack.admin_key_path)
    urls = {service: f"http://127.0.0.1:{stack.service_ports[service]}" for service in SERVICES}
    mail_dir = stack.run_dir / "mail"
    with WebhookReceiver() as receiver:
        audience = Audience(
            receiver=receiver, emails=lambda address: emails_to(mail_dir, address), mailbox=str(mail_dir)
        )
        tell(Endpoints(**urls, admin_key=admin_key), audience)


def tell(api: Endpoints, audience: Audience) -> Ending:
    """The TRM+ story against the four services at `api`, printed step by step."""
    urls = {service: getattr(api, service) for service in SERVICES}
    receiver = audience.receiver
    progress = Progress()
    waiter = Waiter(progress)
    print('nea-coop demo: "TRM+ held" advances the roadmap and the stakeholders hear of it')
    with httpx.Client(timeout=30) as client:
        for service, url in urls.items():
            try:
                ready = client.get(f"{url}/readyz").status_code == 200
            except httpx.TransportError:
                ready = False
            if not ready:
                raise DevstackError(f"{service} at {url} is not ready: {audience.start_hint}")
        step(1, "The registry knows TRM+ (TRM expanded to five states), from the reference import")
        trm = checked(client.get(f"{api.registry}/v1/mechanisms/TRM+"))
        print(f"   TRM+ expands {trm['expands']}, agenda {trm['agenda']}, {trm['member_count']} members")

        step(2, "A Korean nuclear-safety focal point subscribes: a webhook, an email in Korean, an inbox")
        removed = remove_earlier_demo_subscriptions(client, api)
        if removed:
            print(f"   (removed {removed} subscriptions of an earlier demo run)")
        contact = ensure_contact(client, api, "KOR", FOCAL_POINT, "ko")
        subscriptions = subscribe(
            client, api, waiter, member="KOR", contact_id=contact, webhook_url=receiver.url
        )
        for subscription in subscriptions.values():
            client.patch(
                f"{api.notifications}/v1/subscriptions/{subscription['id']}",
                json={"description": f"{DEMO_MARK}: {subscription['channel']}"},
                headers=api.headers,
            )
        progress.done()
        secret = subscriptions["webhook"]["secret"]
        print(f"   webhook -> {receiver.url} (signing secret {secret[:12]}..., shown once)")
        print(f"   email   -> {FOCAL_POINT} (Korean)")
        print("   inbox   -> GET /v1/inbox/KOR")

        def known() -> dict[str, Any] | None:
            # 404 until the registry's issue area has reached the roadmap (a stack seeded just before).
            answer = client.get(f"{api.roadmap}/v1/roadmaps/NAPCI/tracks/{TRACK}")
            return None if answer.status_code == 404 else checked(answer)

        before = waiter.until(f"the roadmap knowing its {TRACK} track", known)
        progress.done()
        step(3, f"The roadmap's {TRACK} track stands at {before['current_stage']}")
        already = before["current_stage"] == "solid_framework"
        if already:
            print("   (an earlier run took it to the framework stage: the meetings are recorded and notified")
            print(
                "    again, but the stage does not move. For the whole story: make down; rm -rf .run/stack;"
            )
            print("    make up; make demo)")

        meeting_ids = []
        for number, meeting in enumerate(TRM_PLUS, start=4):
            step(
                number,
                f"{meeting.title['en']} ({meeting.city}, {meeting.held_on}): scheduled, confirmed, held",
            )
            meeting_id = record_held(client, api, waiter, meeting)
            progress.done()
            meeting_ids.append(meeting_id)
            print(f"   meeting {meeting_id}: five states attended ({', '.join(meeting.attending)})")
            if not already:
                wanted = "accumulate_practice" if len(meeting_ids) == 1 else "solid_framework"

                def moved(wanted: str = wanted) -> bool:
                    return bool(track(client, api)["current_stage"] == wanted)

                waiter.until(f"the roadmap to move {TRACK} to {wanted}", moved)
                progress.done()
                show_explanation(advancements(client, api)[-1])

        expected = 4 if not already else 2
        step(6, f"What reached the subscriber ({expected} notifications per channel)")
        delivered: dict[str, int] = {}
        for channel, subscription in subscriptions.items():

            def arrived(subscription: dict[str, Any] = subscription) -> list[dict[str, Any]] | None:
                found = [d for d in deliveries(client, api, subscription["id"]) if d["status"] == "delivered"]
                return found if len(found) >= expected else None

            done = waiter.until(f"the {channel} deliveries", arrived)
            progress.done()
            kinds = ", ".join(
                sorted("meeting held" if d["event_type"] == HELD else "stage advanced" for d in done)
            )
            print(f"   {channel:<7}: {len(done)} delivered ({kinds})")
            delivered[channel] = len(done)
        signer = Webhook(secret)
        verified = 0
        for hook in receiver.snapshot():
            try:
                event = signer.verify(hook.body, hook.headers)
                verdict = "signature verified"
                verified += 1
            except WebhookVerificationError:
                event, verdict = {}, "SIGNATURE DID NOT VERIFY"
            print(f"   webhook {hook.headers.get('webhook-id')}: {event.get('type', '?')} ({verdict})")
        emails = audience.emails(FOCAL_POINT)[-expected:]
        for mail in emails:
            print(f"   email  [{mail.language}] {mail.subject}")
        for item in inbox(client, api, "KOR")[:expected]:
            print(f"   inbox  [{item['language']}] {item['subject']}")
        stage = str(track(client, api)["current_stage"])
        print(f"\nDone: {TRACK} stands at {stage}.")
        print(f"Explore: {api.roadmap}/docs (roadmap), {api.notifications}/docs (notifications);")
        print(f"the emails are in {audience.mailbox}")
    return Ending(stage=stage, delivered=delivered, verified_webhooks=verified, emails=emails)
