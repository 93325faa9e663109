"""Plain factories of what the notifications tests publish and send: event data as the other services
send it, contacts, codes and versions of one test alone, and subscription bodies."""

from __future__ import annotations

import secrets
import string
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from common.contracts import CATALOG
from common.contracts.meetings import Attendee, MeetingHeld, MeetingState, Participant
from common.contracts.registry import Contact, Language
from common.contracts.roadmap import DecisionRecorded, StageAdvanced

HELD = CATALOG.for_data_type(MeetingHeld).type
STAGE_ADVANCED = CATALOG.for_data_type(StageAdvanced).type
DELIVERY_DEAD = "org.neacoop.notifications.delivery.dead.v1"


def unique_code(prefix: str = "Z") -> str:
    """A code of this test alone: the registry's topics are shared by every test of the session."""
    return prefix + "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))


_last_version = 0


def fresh_version() -> int:
    """Newer than anything published before (common.readmodel.upsert_if_newer keeps the newest)."""
    global _last_version
    _last_version = max(_last_version + 1, int(time.time()))
    return _last_version


def contact(language: Language = "en", *, email: str | None = None) -> Contact:
    contact_id = f"ct_{secrets.token_hex(4)}"
    return Contact(
        id=contact_id,
        name=f"Focal point {contact_id}",
        email=email or f"{contact_id}@mofa.example",
        preferred_language=language,
        role="focal point",
    )


def meeting_held(
    *,
    areas: Sequence[str],
    host: str,
    guests: Sequence[str] = (),
    mechanism: str | None = None,
    title: dict[str, str] | None = None,
    time_zone: str = "Asia/Seoul",
    meeting_id: str | None = None,
) -> MeetingHeld:
    """A `meeting.held` event's data as the meetings service sends it: a meeting in Seoul on 4 November
    2015, hosted by `host` with `guests` attending."""
    starts = datetime(2015, 11, 4, 0, 0, tzinfo=UTC)
    codes = [host, *guests]
    state = MeetingState.model_validate(
        {
            "meeting_id": meeting_id or str(uuid.uuid4()),
            "title": title or {"en": "NAPCI forum", "ko": "동북아평화협력 포럼"},
            "mechanism_code": mechanism,
            "issue_area_codes": list(areas),
            "track": "1",
            "level": "senior_officials",
            "host_code": host,
            "city": "Seoul",
            "country_code": "KOR",
            "starts_at": starts,
            "ends_at": starts,
            "time_zone": time_zone,
            "status": "held",
            "participants": [
                Participant.model_validate(
                    {
                        "member_code": code,
                        "role": "host" if code == host else "participant",
                        "response": "accepted",
                        "attendance": "attended",
                    }
                )
                for code in codes
            ],
            "version": 6,
        }
    )
    return MeetingHeld(
        meeting=state,
        held_on=starts.date(),
        attendees=[
            Attendee.model_validate(
                {
                    "member_code": code,
                    "kind": "state",
                    "status_on_meeting_date": "participant",
                    "role": "host" if code == host else "participant",
                }
            )
            for code in codes
        ],
        outcomes=[],
        summary="held",
    )


def stage_advanced(track: str, *, to_stage: str = "solid_framework") -> StageAdvanced:
    return StageAdvanced(
        roadmap_code="NAPCI",
        track=track,
        from_stage="dialogue",
        to_stage=to_stage,
        advanced_on=date(2015, 11, 4),
        completed_by=str(uuid.uuid4()),
        criteria_version=1,
        explanation=[],
    )


def decision(track: str, agreed_by: Sequence[str]) -> DecisionRecorded:
    return DecisionRecorded(
        decision_id=str(uuid.uuid4()),
        roadmap_code="NAPCI",
        kind="advance",
        track=track,
        agreed_by=list(agreed_by),
        justification="the criteria are met",
        decided_on=date(2015, 11, 4),
    )


def webhook(url: str, **filters: list[str]) -> dict[str, Any]:
    return {"channel": "webhook", "url": url, "filters": filters}


def inbox(**filters: list[str]) -> dict[str, Any]:
    return {"channel": "inbox", "filters": filters}
