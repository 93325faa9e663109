"""Request and response bodies of the meetings API: MeetingCreate / MeetingUpdate / MeetingRead and the
commands of the lifecycle."""

from __future__ import annotations

import uuid
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

from common.contracts.meetings import (
    Attendance,
    Level,
    MeetingStatus,
    Outcome,
    OutcomeType,
    Participant,
    ParticipantRole,
    Response,
    Track,
)
from common.i18n import Multilingual
from common.limits import LIST_MAX_ITEMS, Code, Name, Text
from common.rfc3339 import AwareTimestamp, Date, Timestamp
from common.timezones import TimeZone as ZoneName

# Codes as the registry gives them: ISO 3166-1 alpha-3 for states (KOR), short codes for others (TRM+).
MemberCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9+\-]{0,31}$", max_length=32)]
ReferenceCode = Code


def _assigned_country(code: str) -> str:
    # The pattern says three capitals; whether ISO 3166-1 assigned them (ZZZ is left to users, never a
    # country) is for the register (https://www.iso.org/iso-3166-country-codes.html), which pycountry's
    # maintainers keep current: no list of ours to fall behind it.
    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code (e.g. KOR)")
    return code


# ISO 3166-1 alpha-3, like the registry's member codes for states, so a venue and its host read alike.
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{3}$", max_length=3),
    AfterValidator(_assigned_country),
    Field(
        description="ISO 3166-1 alpha-3 country code of the venue, e.g. KOR",
        examples=["KOR"],
        # The codes the validator accepts, from the pinned pycountry, so that a client knows them too.
        json_schema_extra={"enum": sorted(country.alpha_3 for country in pycountry.countries)},
    ),
]


# The venue's zone: a name of the tz database installed (common.timezones).
TimeZone = Annotated[ZoneName, Field(description="IANA time zone of the venue", examples=["Asia/Seoul"])]
StartsAt = Annotated[
    AwareTimestamp, Field(description="RFC 3339 with an offset; a time without one is a 422")
]
EndsAt = Annotated[AwareTimestamp, Field(description="RFC 3339 with an offset; not before `starts_at`")]


class Invitation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_code: MemberCode
    role: ParticipantRole = Field(default="participant", description="`host` is the meeting's host only")


class MeetingCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": {
                        "en": "2nd TRM+ meeting on nuclear safety",
                        "ko": "제2차 TRM+ 원자력 안전 회의",
                    },
                    "mechanism_code": "TRM+",
                    "issue_area_codes": ["nuclear_safety"],
                    "track": "1",
                    "level": "ministerial",
                    "host_code": "KOR",
                    "city": "Seoul",
                    "country_code": "KOR",
                    "starts_at": "2014-11-24T09:00:00+09:00",
                    "ends_at": "2014-11-25T18:00:00+09:00",
                    "time_zone": "Asia/Seoul",
                    "participants": [
                        {"member_code": "JPN", "role": "participant"},
                        {"member_code": "CHN", "role": "participant"},
                        {"member_code": "USA", "role": "participant"},
                        {"member_code": "RUS", "role": "participant"},
                    ],
                }
            ]
        },
    )

    title: Multilingual
    mechanism_code: ReferenceCode | None = Field(
        default=None, description="The mechanism the meeting belongs to; absent for a stand-alone forum"
    )
    issue_area_codes: list[ReferenceCode] = Field(
        min_length=1, max_length=LIST_MAX_ITEMS, description="One or more open issue areas"
    )
    track: Track
    level: Level
    host_code: MemberCode = Field(description="The hosting member; it is always a participant (role host)")
    city: Name
    country_code: CountryCode
    starts_at: StartsAt
    ends_at: EndsAt
    time_zone: TimeZone
    documents: list[HttpUrl] = Field(
        default_factory=list, max_length=LIST_MAX_ITEMS, description="Links to the meeting's documents"
    )
    participants: list[Invitation] = Field(
        default_factory=list, max_length=LIST_MAX_ITEMS, description="Members invited at once"
    )


class MeetingUpdate(BaseModel):
    """Only the fields sent change; the host, mechanism and participants change elsewhere or not at all."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "city": "Busan",
                    "starts_at": "2014-11-25T09:00:00+09:00",
                    "ends_at": "2014-11-26T18:00:00+09:00",
                }
            ]
        },
    )

    title: Multilingual | None = None
    issue_area_codes: list[ReferenceCode] | None = Field(
        default=None, min_length=1, max_length=LIST_MAX_ITEMS
    )
    track: Track | None = None
    level: Level | None = None
    city: Name | None = None
    country_code: CountryCode | None = None
    starts_at: StartsAt | None = None
    ends_at: EndsAt | None = None
    time_zone: TimeZone | None = None
    documents: list[HttpUrl] | None = Field(default=None, max_length=LIST_MAX_ITEMS)


class MeetingRead(BaseModel):
    id: uuid.UUID
    title: dict[str, str]
    mechanism_code: str | None
    issue_area_codes: list[str]
    track: Track
    level: Level
    host_code: str
    city: str
    country_code: str
    starts_at: Timestamp = Field(description="UTC")
    ends_at: Timestamp = Field(description="UTC")
    time_zone: str
    meeting_date: Date = Field(description="The day the meeting starts, in its time zone")
    documents: list[str]
    status: MeetingStatus
    status_reason: str | None = Field(description="Why it was last postponed or cancelled")
    participants: list[Participant]
    outcomes: list[Outcome]
    summary: str | None
    held_on: Date | None
    version: int
    scheduled_at: Timestamp


class Postponement(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "starts_at": "2015-03-10T09:00:00+09:00",
                    "ends_at": "2015-03-11T18:00:00+09:00",
                    "time_zone": "Asia/Tokyo",
                    "reason": "the ministers' calendars clash with the APEC leaders' week",
                }
            ]
        },
    )

    starts_at: StartsAt
    ends_at: EndsAt
    time_zone: TimeZone | None = Field(default=None, description="If the venue's time zone changes too")
    reason: Text


class Cancellation(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reason": "replaced by the trilateral summit's session on nuclear safety"}]
        },
    )

    reason: Text


class Invitations(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "participants": [
                        {"member_code": "MNG", "role": "participant"},
                        {"member_code": "EU", "role": "observer"},
                    ]
                }
            ]
        },
    )

    participants: list[Invitation] = Field(min_length=1, max_length=LIST_MAX_ITEMS)


class ResponseUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"response": "accepted"}]})

    response: Response


class AttendanceEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_code: MemberCode
    attendance: Attendance
    delegation_level: Level | None = Field(default=None, description="The level of the member's delegation")


class OutcomeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: OutcomeType
    text: Text
    member_codes: list[MemberCode] = Field(
        min_length=1,
        max_length=LIST_MAX_ITEMS,
        description="Signatories (supporters for support_expressed): attendees in good standing on the "
        "meeting date (participant, supporter or partner), never observers by status or by role",
    )


class HeldRecord(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "attendance": [
                        {"member_code": "KOR", "attendance": "attended", "delegation_level": "ministerial"},
                        {"member_code": "JPN", "attendance": "attended", "delegation_level": "ministerial"},
                        {
                            "member_code": "CHN",
                            "attendance": "attended",
                            "delegation_level": "senior_officials",
                        },
                        {"member_code": "USA", "attendance": "attended"},
                        {"member_code": "RUS", "attendance": "absent"},
                    ],
                    "outcomes": [
                        {
                            "type": "support_expressed",
                            "text": "Support for NAPCI's cooperation on nuclear safety",
                            "member_codes": ["KOR", "JPN", "CHN", "USA"],
                        },
                    ],
                    "summary": "TRM+ held in Seoul: early warning of nuclear incidents agreed",
                }
            ]
        },
    )

    attendance: list[AttendanceEntry] = Field(
        min_length=1, max_length=LIST_MAX_ITEMS, description="Participants not listed are recorded as absent"
    )
    outcomes: list[OutcomeCreate] = Field(default_factory=list, max_length=LIST_MAX_ITEMS)
    summary: Text
