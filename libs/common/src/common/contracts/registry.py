"""Events of the registry: members, mechanisms, issue areas, partner clients.

Every event carries the full current state of its aggregate (`member`, `mechanism`, `issue_area`,
`client`), so a consumer can build its read model from the topic alone, starting at offset 0, and
needs no other call. The event type says what happened; the state says where it left things.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.catalog import CATALOG, EventData
from common.participation import status_on

MEMBER_TOPIC = "registry.member.v1"
MECHANISM_TOPIC = "registry.mechanism.v1"
ISSUE_AREA_TOPIC = "registry.issue_area.v1"
CLIENT_TOPIC = "registry.client.v1"

LANGUAGES = ("en", "ko", "ja", "zh", "ru", "mn")

MemberKind = Literal[
    "state", "regional_organization", "international_organization", "local_government", "institute"
]
ParticipationStatus = Literal[
    "participant", "observer", "invited", "supporter", "partner", "suspended", "withdrawn"
]
# In good standing: takes part and counts where the roadmap asks for participants.
GOOD_STANDING: frozenset[str] = frozenset({"participant", "supporter", "partner"})
IssueAreaKind = Literal["non_traditional", "traditional"]
Language = Literal["en", "ko", "ja", "zh", "ru", "mn"]


class State(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StatusPeriod(State):
    status: ParticipationStatus
    effective_from: date
    reason: str


class Contact(State):
    id: str
    name: str
    email: str
    preferred_language: Language
    role: str


class MemberState(State):
    code: str
    kind: MemberKind
    names: dict[str, str] = Field(description="Names by language code; 'en' always present")
    parent_code: str | None = None
    role_note: str | None = None
    status_history: list[StatusPeriod] = Field(description="Oldest first; the last one is in force")
    contacts: list[Contact] = Field(default_factory=list)
    version: int

    def status_on(self, day: date) -> str | None:
        return status_on(self.status_history, day)


class MechanismMembership(State):
    member_code: str
    joined_on: date | None
    left_on: date | None = None


class MechanismState(State):
    code: str
    names: dict[str, str]
    agenda: str | None = None
    nature: str | None = None
    participation: str | None = None
    declared_member_count: int | None = Field(
        default=None, description="A count the sources declare where the member list is not registered"
    )
    expands_code: str | None = Field(default=None, description="The mechanism this one expands (TRM+ -> TRM)")
    memberships: list[MechanismMembership] = Field(default_factory=list)
    version: int


class IssueAreaState(State):
    code: str
    names: dict[str, str]
    kind: IssueAreaKind
    open: bool
    opened_by_decision: str | None = None
    version: int


class ClientState(State):
    client_id: str
    name: str
    member_code: str | None
    scopes: list[str]
    secret_hash: str = Field(description="sha256 of the secret; the secret itself never leaves the registry")
    revoked: bool
    version: int


@CATALOG.event(type="org.neacoop.registry.member.registered.v1", topic=MEMBER_TOPIC)
class MemberRegistered(EventData):
    """A member joined the registry: a state, an organisation, a local government or an institute."""

    member: MemberState


@CATALOG.event(type="org.neacoop.registry.member.updated.v1", topic=MEMBER_TOPIC)
class MemberUpdated(EventData):
    """A member's names, parent or note changed."""

    member: MemberState


@CATALOG.event(type="org.neacoop.registry.member.status_changed.v1", topic=MEMBER_TOPIC)
class MemberStatusChanged(EventData):
    """A member's participation status changed from a date on; the history keeps the earlier ones."""

    member: MemberState
    previous_status: ParticipationStatus | None
    status: ParticipationStatus
    effective_from: date
    reason: str


@CATALOG.event(type="org.neacoop.registry.member.status_corrected.v1", topic=MEMBER_TOPIC)
class MemberStatusCorrected(EventData):
    """An administrator corrected a mistaken period of a member's participation history.

    Unlike `status_changed`, which adds a period from a date on, a correction rewrites the past:
    `member.status_history` is the corrected history, which replaces the one a consumer kept. The
    registry keeps the earlier record readable (`GET /v1/members/{code}/status?as_recorded=`).
    """

    member: MemberState
    correction_id: str
    period_before: StatusPeriod = Field(description="The period as it was recorded before the correction")
    period_after: StatusPeriod | None = Field(description="The period as corrected; null when it was removed")
    reason: str = Field(description="Why the history was corrected")
    corrected_by: str = Field(description="The API client that corrected it (`admin` for the administrator)")


@CATALOG.event(type="org.neacoop.registry.member.contacts_changed.v1", topic=MEMBER_TOPIC)
class MemberContactsChanged(EventData):
    """A focal point of a member was added, changed or removed."""

    member: MemberState


@CATALOG.event(type="org.neacoop.registry.mechanism.registered.v1", topic=MECHANISM_TOPIC)
class MechanismRegistered(EventData):
    """A mechanism (TRM, NEASPEC, GTI, ...) entered the registry."""

    mechanism: MechanismState


@CATALOG.event(type="org.neacoop.registry.mechanism.members_added.v1", topic=MECHANISM_TOPIC)
class MechanismMembersAdded(EventData):
    """A mechanism gained members. The roadmap derives expansions ("revitalising existing mechanisms")
    from the memberships in the state: members joining after the founding count, founders never do."""

    mechanism: MechanismState
    added_member_codes: list[str]
    joined_on: date | None


@CATALOG.event(type="org.neacoop.registry.mechanism.updated.v1", topic=MECHANISM_TOPIC)
class MechanismUpdated(EventData):
    """A mechanism's names, agenda, nature, participation, declared count or expanded mechanism changed.

    Its members did not: joining and leaving have their own events.
    """

    mechanism: MechanismState


@CATALOG.event(type="org.neacoop.registry.mechanism.membership_ended.v1", topic=MECHANISM_TOPIC)
class MechanismMembershipEnded(EventData):
    """A member left a mechanism on `left_on`; its membership stays in the state with that date set.

    The member counts as one up to the day before `left_on`, and may join again later.
    """

    mechanism: MechanismState
    member_code: str
    left_on: date


@CATALOG.event(type="org.neacoop.registry.issue_area.registered.v1", topic=ISSUE_AREA_TOPIC)
class IssueAreaRegistered(EventData):
    """An issue area entered the registry; traditional areas start locked."""

    issue_area: IssueAreaState


@CATALOG.event(type="org.neacoop.registry.issue_area.opened.v1", topic=ISSUE_AREA_TOPIC)
class IssueAreaOpened(EventData):
    """An issue area opened for meetings, by the roadmap's consensus decision."""

    issue_area: IssueAreaState


@CATALOG.event(type="org.neacoop.registry.issue_area.updated.v1", topic=ISSUE_AREA_TOPIC)
class IssueAreaUpdated(EventData):
    """An issue area's names changed; whether it is open did not, as only the roadmap's decision opens one."""

    issue_area: IssueAreaState


@CATALOG.event(type="org.neacoop.registry.client.created.v1", topic=CLIENT_TOPIC)
class ClientCreated(EventData):
    """A partner API client was created; other services authenticate it from this event."""

    client: ClientState


@CATALOG.event(type="org.neacoop.registry.client.revoked.v1", topic=CLIENT_TOPIC)
class ClientRevoked(EventData):
    """A partner API client was revoked; every service refuses it from now on."""

    client: ClientState


# The events carrying each aggregate's full state, for services that keep a copy of it (read models).
MemberEvent = (
    MemberRegistered | MemberUpdated | MemberStatusChanged | MemberStatusCorrected | MemberContactsChanged
)
MechanismEvent = MechanismRegistered | MechanismUpdated | MechanismMembersAdded | MechanismMembershipEnded
IssueAreaEvent = IssueAreaRegistered | IssueAreaUpdated | IssueAreaOpened
