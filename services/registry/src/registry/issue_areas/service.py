"""Use cases for issue areas: registration, renaming, and opening a traditional area by consensus.

Non-traditional areas (energy, environment, ...) are open from registration. Traditional ones start
locked and open only through the roadmap's consensus decision, never by an edit: `open_issue_area` is
for the consumer of that decision, and no endpoint reaches it. Nothing here commits.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.registry import IssueAreaOpened, IssueAreaRegistered, IssueAreaUpdated
from common.errors import Conflict, NotFound
from common.http import check_if_match
from common.messaging.outbox import Outbox
from registry.issue_areas import domain, repository
from registry.issue_areas.schemas import IssueAreaCreate, IssueAreaUpdate
from registry.models import IssueArea
from registry.state import issue_area_state


async def get_issue_area(session: AsyncSession, code: str) -> IssueArea:
    area = await repository.get(session, code)
    if area is None:
        raise NotFound(f"no issue area with code {code}", field="code")
    return area


async def register_issue_area(
    session: AsyncSession, outbox: Outbox, *, command: IssueAreaCreate
) -> IssueArea:
    if await repository.exists(session, command.code):
        raise Conflict(f"issue area {command.code} is already registered", field="code")
    area = IssueArea(
        code=command.code,
        names=command.names,
        kind=command.kind,
        open=domain.open_at_registration(command.kind),
        opened_by_decision=None,
        version=1,
    )
    await repository.add(session, area)
    await outbox.record(session, IssueAreaRegistered(issue_area=issue_area_state(area)), subject=area.code)
    return area


async def update_issue_area(
    session: AsyncSession, outbox: Outbox, *, code: str, command: IssueAreaUpdate, if_match: str | None
) -> IssueArea:
    """Renames an area; its kind and whether it is open are not edits (see the module's note)."""
    area = await repository.get(session, code, for_update=True)
    if area is None:
        raise NotFound(f"no issue area with code {code}", field="code")
    check_if_match(if_match, area.version)
    area.names = domain.renamed(command.names, names_sent="names" in command.model_fields_set)
    area.version += 1
    await session.flush()
    await outbox.record(session, IssueAreaUpdated(issue_area=issue_area_state(area)), subject=area.code)
    return area


async def open_issue_area(session: AsyncSession, outbox: Outbox, *, code: str, decision_id: str) -> IssueArea:
    """Opens an area by the roadmap's consensus decision `decision_id`.

    Idempotent, because a consumer may see the decision more than once: an area already open is returned
    as it is, and announced no second time.
    """
    area = await repository.get(session, code, for_update=True)
    if area is None:
        raise NotFound(f"no issue area with code {code}", field="code")
    if area.open:
        return area
    area.open = True
    area.opened_by_decision = decision_id
    area.version += 1
    await session.flush()
    await outbox.record(session, IssueAreaOpened(issue_area=issue_area_state(area)), subject=area.code)
    return area
