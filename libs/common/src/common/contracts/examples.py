"""One example of every event in the catalog, built from its contract's models (so an example the model
refuses cannot even be written), for the AsyncAPI document's message examples.

The story is the one the README tells: the Republic of Korea proposes NAPCI, TRM+ is held in Seoul with
Japan, China and Mongolia, the energy security track advances, and the stakeholders hear of it. Every value
is fixed so that the generated document only changes when a contract does; a test checks that every
contract has an example and that each one validates against its payload schema and its model.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from common.contracts.catalog import EventData
from common.contracts.meetings import (
    Attendee,
    LastAttended,
    MeetingCancelled,
    MeetingConfirmed,
    MeetingHeld,
    MeetingParticipantsChanged,
    MeetingPostponed,
    MeetingScheduled,
    MeetingState,
    MeetingUpdated,
    MemberEngagementChanged,
    Outcome,
    Participant,
)
from common.contracts.notifications import (
    DeliveryDead,
    DeliveryFailed,
    DeliveryState,
    DeliverySucceeded,
)
from common.contracts.registry import (
    ClientCreated,
    ClientRevoked,
    ClientState,
    Contact,
    IssueAreaOpened,
    IssueAreaRegistered,
    IssueAreaState,
    IssueAreaUpdated,
    MechanismMembersAdded,
    MechanismMembership,
    MechanismMembershipEnded,
    MechanismRegistered,
    MechanismState,
    MechanismUpdated,
    MemberContactsChanged,
    MemberRegistered,
    MemberState,
    MemberStatusChanged,
    MemberStatusCorrected,
    MemberUpdated,
    StatusPeriod,
)
from common.contracts.roadmap import (
    CountedMeetingState,
    CriteriaVersionAdopted,
    CriterionExplanation,
    DecisionRecorded,
    EvidenceState,
    StageAdvanced,
)


@dataclass(frozen=True)
class Example:
    """An event's data with the attributes its envelope would carry."""

    data: EventData
    subject: str
    actor: str


def fixed_id(name: str) -> str:
    """A stable UUID for an example's identifier: the document must not change between two generations."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://neacoop.org/examples/{name}"))


SEOUL = timezone(timedelta(hours=9))
ADMIN = "admin"
PARTNER_CLIENT = fixed_id("client/mofa-korea")
MEETING_ID = fixed_id("meeting/trm-plus-2025")
DECISION_ID = fixed_id("decision/open-maritime-security")
DELIVERY_ID = fixed_id("delivery/1")

NAPCI_PROPOSED = StatusPeriod(
    status="participant", effective_from=date(2013, 5, 1), reason="Proposed NAPCI at the founding"
)
KOREA = MemberState(
    code="KOR",
    kind="state",
    names={"en": "Republic of Korea", "ko": "대한민국", "ja": "大韓民国"},
    status_history=[NAPCI_PROPOSED],
    contacts=[
        Contact(
            id=fixed_id("contact/kor-focal-point"),
            name="NAPCI focal point",
            email="napci@mofa.go.kr",
            preferred_language="ko",
            role="focal_point",
        )
    ],
    version=3,
)
NORTH_KOREA = MemberState(
    code="PRK",
    kind="state",
    names={"en": "Democratic People's Republic of Korea"},
    status_history=[
        StatusPeriod(status="invited", effective_from=date(2013, 5, 1), reason="Invited at the founding")
    ],
    version=1,
)
TRM_PLUS = MechanismState(
    code="TRM+",
    names={"en": "Trilateral Meeting Plus"},
    agenda="Energy security and connectivity",
    expands_code="TRM",
    memberships=[
        MechanismMembership(member_code="KOR", joined_on=date(2013, 5, 1)),
        MechanismMembership(member_code="JPN", joined_on=date(2013, 5, 1)),
        MechanismMembership(member_code="CHN", joined_on=date(2013, 5, 1)),
        MechanismMembership(member_code="MNG", joined_on=date(2015, 4, 1)),
    ],
    version=4,
)
ENERGY_SECURITY = IssueAreaState(
    code="energy_security", names={"en": "Energy security"}, kind="non_traditional", open=True, version=1
)
MARITIME_SECURITY = IssueAreaState(
    code="maritime_security",
    names={"en": "Maritime security"},
    kind="traditional",
    open=True,
    opened_by_decision=DECISION_ID,
    version=2,
)
MOFA_KOREA = ClientState(
    client_id=PARTNER_CLIENT,
    name="MOFA Korea",
    member_code="KOR",
    scopes=["members:write", "meetings:write"],
    secret_hash="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    revoked=False,
    version=1,
)
PARTICIPANTS = [
    Participant(member_code="KOR", role="host", response="accepted"),
    Participant(member_code="JPN", role="participant", response="accepted"),
    Participant(member_code="CHN", role="participant", response="accepted"),
    Participant(member_code="MNG", role="participant", response="accepted"),
]
PLANNED = MeetingState(
    meeting_id=MEETING_ID,
    title={"en": "TRM+ senior officials meeting", "ko": "TRM+ 고위관리회의"},
    mechanism_code="TRM+",
    issue_area_codes=["energy_security"],
    track="1",
    level="senior_officials",
    host_code="KOR",
    city="Seoul",
    country_code="KOR",
    starts_at=datetime(2025, 3, 10, 9, 0, tzinfo=SEOUL),
    ends_at=datetime(2025, 3, 11, 18, 0, tzinfo=SEOUL),
    time_zone="Asia/Seoul",
    documents=["https://neacoop.org/documents/trm-plus-2025-agenda.pdf"],
    status="planned",
    participants=PARTICIPANTS,
    version=1,
)
SUPPORT = Outcome(
    id=fixed_id("outcome/trm-plus-2025-support"),
    type="support_expressed",
    text="Support for a regional energy security dialogue under NAPCI",
    member_codes=["KOR", "JPN", "MNG"],
)
HELD = PLANNED.model_copy(
    update={
        "status": "held",
        "participants": [
            p.model_copy(update={"attendance": "attended", "delegation_level": "senior_officials"})
            for p in PARTICIPANTS
        ],
        "outcomes": [SUPPORT],
        "summary": "Senior officials reviewed energy security cooperation and expressed support.",
        "version": 4,
    }
)
DELIVERY = DeliveryState(
    delivery_id=DELIVERY_ID,
    subscription_id=fixed_id("subscription/kor-webhook"),
    subscriber="KOR",
    channel="webhook",
    event_id=fixed_id("event/meeting-held"),
    event_type="org.neacoop.meetings.meeting.held.v1",
    status="delivered",
    attempts=1,
    last_status_code=204,
    version=2,
)
EVIDENCE = EvidenceState(
    meeting_ids=[MEETING_ID],
    outcome_ids=[SUPPORT.id],
    member_codes=["KOR", "JPN", "MNG"],
    meetings=[
        CountedMeetingState(meeting_id=MEETING_ID, held_on=date(2025, 3, 11), member_codes=["KOR", "JPN"])
    ],
)


def _examples() -> list[Example]:
    held_on = date(2025, 3, 11)
    return [
        Example(MemberRegistered(member=KOREA), "KOR", "seed"),
        Example(
            MemberUpdated(member=KOREA.model_copy(update={"role_note": "Proposer of NAPCI"})), "KOR", ADMIN
        ),
        Example(
            MemberStatusChanged(
                member=NORTH_KOREA,
                previous_status=None,
                status="invited",
                effective_from=date(2013, 5, 1),
                reason="Invited at the founding",
            ),
            "PRK",
            ADMIN,
        ),
        Example(
            MemberStatusCorrected(
                member=KOREA,
                correction_id=fixed_id("correction/kor-1"),
                period_before=NAPCI_PROPOSED.model_copy(update={"effective_from": date(2013, 6, 1)}),
                period_after=NAPCI_PROPOSED,
                reason="NAPCI was proposed in May 2013, not June",
                corrected_by=ADMIN,
            ),
            "KOR",
            ADMIN,
        ),
        Example(MemberContactsChanged(member=KOREA), "KOR", PARTNER_CLIENT),
        Example(MechanismRegistered(mechanism=TRM_PLUS), "TRM+", "seed"),
        Example(
            MechanismMembersAdded(mechanism=TRM_PLUS, added_member_codes=["MNG"], joined_on=date(2015, 4, 1)),
            "TRM+",
            ADMIN,
        ),
        Example(MechanismUpdated(mechanism=TRM_PLUS), "TRM+", ADMIN),
        Example(
            MechanismMembershipEnded(
                mechanism=TRM_PLUS.model_copy(
                    update={
                        "memberships": [
                            *TRM_PLUS.memberships[:3],
                            MechanismMembership(
                                member_code="MNG", joined_on=date(2015, 4, 1), left_on=date(2024, 1, 1)
                            ),
                        ]
                    }
                ),
                member_code="MNG",
                left_on=date(2024, 1, 1),
            ),
            "TRM+",
            ADMIN,
        ),
        Example(IssueAreaRegistered(issue_area=ENERGY_SECURITY), "energy_security", "seed"),
        Example(IssueAreaOpened(issue_area=MARITIME_SECURITY), "maritime_security", "registry"),
        Example(
            IssueAreaUpdated(issue_area=ENERGY_SECURITY.model_copy(update={"names": {"en": "Energy"}})),
            "energy_security",
            ADMIN,
        ),
        Example(ClientCreated(client=MOFA_KOREA), PARTNER_CLIENT, ADMIN),
        Example(ClientRevoked(client=MOFA_KOREA.model_copy(update={"revoked": True})), PARTNER_CLIENT, ADMIN),
        Example(MeetingScheduled(meeting=PLANNED), MEETING_ID, PARTNER_CLIENT),
        Example(
            MeetingUpdated(meeting=PLANNED.model_copy(update={"city": "Busan"})), MEETING_ID, PARTNER_CLIENT
        ),
        Example(MeetingParticipantsChanged(meeting=PLANNED), MEETING_ID, PARTNER_CLIENT),
        Example(
            MeetingConfirmed(meeting=PLANNED.model_copy(update={"status": "confirmed"})), MEETING_ID, ADMIN
        ),
        Example(
            MeetingPostponed(
                meeting=PLANNED.model_copy(
                    update={
                        "status": "postponed",
                        "starts_at": datetime(2025, 4, 7, 9, 0, tzinfo=SEOUL),
                        "ends_at": datetime(2025, 4, 8, 18, 0, tzinfo=SEOUL),
                        "status_reason": "The venue is not available",
                    }
                ),
                previous_starts_at=PLANNED.starts_at,
                reason="The venue is not available",
            ),
            MEETING_ID,
            PARTNER_CLIENT,
        ),
        Example(
            MeetingCancelled(
                meeting=PLANNED.model_copy(
                    update={"status": "cancelled", "status_reason": "Merged into GTI"}
                ),
                reason="Merged into GTI",
            ),
            MEETING_ID,
            PARTNER_CLIENT,
        ),
        Example(
            MemberEngagementChanged(
                member_code="MNG",
                engagement="lapsing",
                previous_engagement="active",
                as_of=date(2026, 3, 12),
                last_attended=LastAttended(meeting=MEETING_ID, on=date(2025, 3, 11)),
                justified_by=[MEETING_ID],
                rule_version=1,
                version=2,
            ),
            "MNG",
            "meetings",
        ),
        Example(
            MeetingHeld(
                meeting=HELD,
                held_on=held_on,
                attendees=[
                    Attendee(
                        member_code=p.member_code,
                        kind="state",
                        status_on_meeting_date="participant",
                        role=p.role,
                        delegation_level="senior_officials",
                    )
                    for p in PARTICIPANTS
                ],
                outcomes=[SUPPORT],
                summary=HELD.summary or "",
            ),
            MEETING_ID,
            PARTNER_CLIENT,
        ),
        Example(
            DecisionRecorded(
                decision_id=DECISION_ID,
                roadmap_code="NAPCI",
                kind="open_issue_area",
                track="napci",
                issue_area_code="maritime_security",
                agreed_by=["KOR", "JPN", "CHN", "RUS", "MNG", "USA"],
                justification="Every participating state agreed at the NAPCI senior officials meeting",
                decided_on=date(2025, 6, 2),
            ),
            DECISION_ID,
            ADMIN,
        ),
        Example(
            StageAdvanced(
                roadmap_code="NAPCI",
                track="energy_security",
                from_stage="gain_support",
                to_stage="accumulate_practice",
                advanced_on=held_on,
                completed_by=MEETING_ID,
                criteria_version=1,
                explanation=[
                    CriterionExplanation(
                        path="advancement.accumulate_practice",
                        kind="any_of",
                        description="Any of: support from two members, a track 1 meeting, an expansion",
                        target=1,
                        value=1,
                        met=True,
                        evidence=EVIDENCE,
                    ),
                    CriterionExplanation(
                        path="advancement.accumulate_practice.criteria[0]",
                        kind="outcomes",
                        description="2 outcomes of support_expressed by 2 distinct members",
                        target=2,
                        value=2,
                        members_target=2,
                        members_value=3,
                        met=True,
                        evidence=EVIDENCE,
                    ),
                ],
            ),
            "NAPCI/energy_security",
            "roadmap",
        ),
        Example(
            CriteriaVersionAdopted(
                roadmap_code="NAPCI",
                version=2,
                document={
                    "roadmap_code": "NAPCI",
                    "version": 2,
                    "stages": [
                        {"code": "gain_support", "order": 1, "name": "Gain support"},
                        {"code": "accumulate_practice", "order": 2, "name": "Accumulate a practice"},
                    ],
                },
                adopted_by=ADMIN,
            ),
            "NAPCI",
            ADMIN,
        ),
        Example(
            DeliverySucceeded(delivery=DELIVERY, delivered_at=datetime(2025, 3, 11, 9, 30, 2, tzinfo=UTC)),
            DELIVERY_ID,
            "notifications",
        ),
        Example(
            DeliveryFailed(
                delivery=DELIVERY.model_copy(
                    update={
                        "status": "failed",
                        "last_status_code": 503,
                        "last_error": "503 Service Unavailable",
                    }
                ),
                next_attempt_at=datetime(2025, 3, 11, 9, 31, 0, tzinfo=UTC),
            ),
            DELIVERY_ID,
            "notifications",
        ),
        Example(
            DeliveryDead(
                delivery=DELIVERY.model_copy(
                    update={
                        "status": "dead",
                        "attempts": 8,
                        "last_status_code": 410,
                        "last_error": "410 Gone",
                    }
                ),
                reason="The endpoint answered 410 Gone",
            ),
            DELIVERY_ID,
            "notifications",
        ),
    ]


EXAMPLES: dict[type[EventData], Example] = {type(example.data): example for example in _examples()}
