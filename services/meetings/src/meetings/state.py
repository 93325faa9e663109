"""The full current state of a meeting, as its events carry it (common.contracts.meetings)."""

from __future__ import annotations

from datetime import UTC

from common.contracts.meetings import MeetingState, Outcome, Participant
from meetings import models


def participant_state(participant: models.Participant) -> Participant:
    return Participant.model_validate(
        {
            "member_code": participant.member_code,
            "role": participant.role,
            "response": participant.response,
            "attendance": participant.attendance,
            "delegation_level": participant.delegation_level,
        }
    )


def outcome_state(outcome: models.OutcomeRecord) -> Outcome:
    return Outcome.model_validate(
        {
            "id": str(outcome.id),
            "type": outcome.type,
            "text": outcome.text,
            "member_codes": outcome.member_codes,
        }
    )


def meeting_state(meeting: models.Meeting) -> MeetingState:
    # model_validate: the table holds the contract's literals as text, and pydantic checks them here.
    return MeetingState.model_validate(
        {
            "meeting_id": str(meeting.id),
            "title": meeting.title,
            "mechanism_code": meeting.mechanism_code,
            "issue_area_codes": meeting.issue_area_codes,
            "track": meeting.track,
            "level": meeting.level,
            "host_code": meeting.host_code,
            "city": meeting.city,
            "country_code": meeting.country_code,
            "starts_at": meeting.starts_at.astimezone(UTC),
            "ends_at": meeting.ends_at.astimezone(UTC),
            "time_zone": meeting.time_zone,
            "documents": meeting.documents,
            "status": meeting.status,
            "participants": [participant_state(p) for p in meeting.participants],
            "outcomes": [outcome_state(o) for o in meeting.outcomes],
            "summary": meeting.summary,
            "status_reason": meeting.status_reason,
            "version": meeting.version,
        }
    )
