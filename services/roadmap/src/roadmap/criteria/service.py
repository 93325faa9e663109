"""Use cases of criteria versions (issue 5, items 2 and 8): read the version in force, adopt the next
one and re-evaluate every track under it. Never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.contracts.roadmap import CriteriaVersionAdopted
from common.errors import NotFound, PreconditionRequired
from common.http import check_if_match
from common.messaging.outbox import Outbox
from roadmap.criteria import domain, repository
from roadmap.criteria.document import CriteriaDocument, track_scopes
from roadmap.models import CriteriaVersion, StageChange
from roadmap.state import explanation
from roadmap.tracks import repository as tracks_repository
from roadmap.tracks import service as tracks
from roadmap.tracks.domain import Judgement

logger = log.get_logger(__name__)


async def criteria(session: AsyncSession, roadmap_code: str) -> CriteriaVersion:
    row = await repository.criteria_version(session, roadmap_code)
    if row is None:
        raise NotFound(f"no roadmap {roadmap_code!r}", field="code")
    return row


async def adopt_criteria(
    session: AsyncSession,
    outbox: Outbox,
    roadmap_code: str,
    raw: dict[str, Any],
    *,
    if_match: str | None,
    adopted_by: str,
) -> CriteriaVersion:
    """Adopts a new criteria version (the one in force + 1; the body's `version` is ignored) and
    re-evaluates every track under it, over all facts.

    Each track gets a `criteria_adopted` history line naming the version, with the judgement of its
    next stage; advancements are recorded and announced as usual. A track further on than the new
    criteria would put it stays where it is: only a decision moves a track back.
    """
    if if_match is None:
        raise PreconditionRequired("send If-Match with the criteria version you read", field="If-Match")
    current = await criteria(session, roadmap_code)
    check_if_match(if_match, current.version)
    version = current.version + 1
    document = domain.adoptable(
        raw,
        roadmap_code=roadmap_code,
        version=version,
        issue_areas=await tracks_repository.known_issue_areas(session),
        mechanisms=await repository.known_mechanisms(session),
    )
    adopted = CriteriaVersion(
        roadmap_code=roadmap_code, version=version, document=document.model_dump(mode="json")
    )
    repository.add_criteria_version(session, adopted)
    await session.flush()
    before = {
        track: r.current_stage
        for track, r in (await tracks_repository.tracks_of(session, roadmap_code)).items()
    }
    facts = await tracks_repository.all_facts(session)
    for scope in track_scopes(document, await tracks_repository.open_issue_areas(session)):
        judged = await tracks.settle_track(session, outbox, document, scope.code, facts)
        _record_adoption(session, document, judged, before.get(scope.code, document.first_stage()))
    await session.flush()
    await outbox.record(
        session,
        CriteriaVersionAdopted(
            roadmap_code=roadmap_code, version=version, document=adopted.document, adopted_by=adopted_by
        ),
        subject=roadmap_code,
    )
    logger.info("criteria adopted", roadmap=roadmap_code, version=version)
    return adopted


def _record_adoption(
    session: AsyncSession, document: CriteriaDocument, judged: Judgement, from_stage: str
) -> None:
    """A history line for the track: where the new version leaves it, and its next stage judged today."""
    upcoming = judged.next
    tracks_repository.add_stage_change(
        session,
        StageChange(
            roadmap_code=document.roadmap_code,
            track=judged.track,
            from_stage=from_stage,
            to_stage=judged.position.stage,
            advanced_on=tracks.today(),
            completed_by=f"criteria@{document.version}",
            criteria_version=document.version,
            explanation=(
                []
                if upcoming is None
                else [c.model_dump(mode="json") for c in explanation(upcoming.criterion)]
            ),
            kind="criteria_adopted",
            origin=f"criteria@{document.version}",
        ),
    )
