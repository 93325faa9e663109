"""The facts other services' events bring, as the consumer applies them: a held meeting is kept, the
registry's issue areas and mechanisms are kept by `roadmap.read_model`; each then settles the tracks it
concerns (`service.settle`), in the consumer's transaction.

Apart from `service.py` because it is the other side of the tracks: what arrives on the topics, where
the service is what the API, a decision and a criteria adoption call. Settling stays in the service,
since all of them settle tracks the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.meetings import MeetingHeld
from common.contracts.registry import IssueAreaState, MechanismState
from common.messaging.outbox import Outbox
from roadmap.facts import HeldMeetingFact
from roadmap.tracks import domain, repository, service

logger = log.get_logger(__name__)


async def record_held_meeting(session: AsyncSession, outbox: Outbox, data: MeetingHeld) -> None:
    await record_held_meetings(session, outbox, [data])


async def record_held_meetings(session: AsyncSession, outbox: Outbox, batch: Sequence[MeetingHeld]) -> None:
    """Keeps the meetings, then settles each track they concern once (the rebuild applies a batch).

    The same as one meeting after the other when no meeting of the batch is one kept before (a
    re-announced meeting may count less): facts only added can only take a track further, and each
    judgement runs from the track's origin over every fact."""
    fresh = await repository.store_held_meetings(session, batch)
    facts = [HeldMeetingFact.from_event(data) for data in batch]
    known = set(await repository.known_issue_areas(session))
    for fact in facts:
        unknown = sorted(set(fact.issue_area_codes) - known)
        if unknown:
            # Kept as a fact all the same: once the registry announces the area, its track counts it.
            logger.warning(
                "meeting held on issue areas not known", meeting_id=fact.meeting_id, unknown=unknown
            )
    # A meeting kept before may count less now: only new ones let a track be judged on from its stage.
    new = facts if all(fresh) else ()
    await service.settle(
        session, outbox, lambda scope: any(domain.concerns(scope, fact) for fact in facts), new
    )


async def mechanism_learnt(session: AsyncSession, outbox: Outbox, mechanism: MechanismState) -> None:
    """Once the copy keeps the mechanism's latest state (`roadmap.read_model`): its expansions are
    derived from every mechanism's memberships (a mechanism that expands another depends on the other's
    members too), so every track is settled again: mechanism events are rare."""
    await service.settle(session, outbox, service.every_track)


async def issue_area_learnt(session: AsyncSession, outbox: Outbox, area: IssueAreaState) -> None:
    # Facts on the area may have arrived before the area did, and an opened area gets its track now.
    await service.settle(session, outbox, lambda scope: area.code in scope.issue_areas)
