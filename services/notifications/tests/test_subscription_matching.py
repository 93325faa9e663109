"""Fan-out finds an event's subscriptions through an index (issue 15, item 3), on the real database: the
query selects exactly the active subscriptions `matching` accepts, for any filters and any event, reads
only those, and PostgreSQL answers it from the index `subscriptions_matching`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from common.contracts import CATALOG
from common.contracts.registry import IssueAreaOpened
from notifications.models import Subscription
from notifications.subscriptions.domain import FACETS, Recipient, matching
from notifications.subscriptions.repository import recipients_of
from support.notifications import HELD, STAGE_ADVANCED, decision, unique_code

pytestmark = pytest.mark.integration

EVENT_TYPES = [
    HELD,
    STAGE_ADVANCED,
    CATALOG.for_data_type(type(decision("nuclear_safety", ["KOR"]))).type,
    CATALOG.for_data_type(IssueAreaOpened).type,
]
# Few values per facet, so that filters and events often share some and often do not.
VALUES = {
    "event_types": EVENT_TYPES,
    "issue_areas": ["nuclear_safety", "energy_security", "transport"],
    "members": ["KOR", "JPN", "CHN", "MNG"],
    "mechanisms": ["TRM", "TRM+", "GTI"],
    "tracks": ["nuclear_safety", "energy_security", "napci"],
}


def listed(facet: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(VALUES[facet]), max_size=3)


# A filter may be missing from the stored JSON (subscriptions written before it existed), empty, or given.
stored_filters = st.fixed_dictionaries({}, optional={facet: listed(facet) for facet in VALUES})
subscriptions_to_match = st.lists(st.tuples(stored_filters, st.booleans()), min_size=1, max_size=25)
events = st.tuples(
    st.sampled_from(EVENT_TYPES),
    st.fixed_dictionaries({}, optional={facet: listed(facet) for facet in FACETS}),
)


def subscription(filters: dict[str, list[str]], *, active: bool = True) -> Subscription:
    return Subscription(
        id=str(uuid.uuid4()),
        subscriber=unique_code(),
        created_by="admin",
        channel="webhook",
        url="https://partner.example/hook",
        secrets=[],
        language="en",
        filters=filters,
        active=active,
    )


def recipient(row: Subscription) -> Recipient:
    return Recipient(id=row.id, channel=row.channel, language=row.language, filters=row.filters)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=subscriptions_to_match, examples=st.lists(events, min_size=1, max_size=4))
async def test_the_index_query_selects_exactly_the_active_subscriptions_matching_accepts(
    engine: AsyncEngine,
    stored: list[tuple[dict[str, list[str]], bool]],
    examples: list[tuple[str, dict[str, list[str]]]],
) -> None:
    rows = [subscription(filters, active=active) for filters, active in stored]
    async with AsyncSession(engine) as session:
        session.add_all(rows)
        await session.flush()
        for event_type, facets in examples:
            found = await recipients_of(session, event_type, facets)

            everyone = [recipient(row) for row in rows if row.active]
            assert sorted(r.id for r in found) == sorted(r.id for r in matching(everyone, event_type, facets))
        await session.rollback()


async def stored(engine: AsyncEngine, subscriptions: Sequence[Subscription]) -> None:
    async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
        session.add_all(subscriptions)


async def test_an_event_reads_only_the_subscriptions_that_hear_of_it_not_every_active_one(
    engine: AsyncEngine,
) -> None:
    # 300 subscriptions, of which the held meeting below concerns 7 (and one of those is stopped).
    others: list[dict[str, Any]] = [
        {"issue_areas": ["energy_security"]},
        {"members": ["CHN"]},
        {"event_types": [STAGE_ADVANCED]},
        {"mechanisms": ["GTI"], "issue_areas": ["nuclear_safety"]},
    ]
    hearing = [
        {},
        {"issue_areas": ["nuclear_safety"]},
        {"members": ["JPN", "CHN"]},
        {"event_types": [HELD], "mechanisms": ["TRM+"]},
        {"tracks": ["napci", "transport"]},
        {"event_types": [], "members": [], "issue_areas": ["nuclear_safety"], "mechanisms": []},
        {"issue_areas": ["nuclear_safety", "energy_security"], "members": ["KOR"], "tracks": ["napci"]},
    ]
    expected = [subscription(filters) for filters in hearing]
    stopped = subscription({}, active=False)
    await stored(engine, [*(subscription(others[n % 4]) for n in range(292)), *expected, stopped])
    facets = {
        "issue_areas": ["nuclear_safety"],
        "members": ["JPN", "KOR"],
        "mechanisms": ["TRM+"],
        "tracks": ["napci", "nuclear_safety"],
    }

    async with AsyncSession(engine) as session:
        found = await recipients_of(session, HELD, facets)

    assert sorted(r.id for r in found) == sorted(s.id for s in expected)


async def test_postgresql_answers_the_query_from_the_index(engine: AsyncEngine) -> None:
    await stored(engine, [subscription({"members": [f"M{n}"]}) for n in range(200)])
    sent: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        sent.append((args[2], args[3]))

    async with engine.connect() as connection:
        await connection.execute(text("ANALYZE subscriptions"))
        # Sequential scans priced out: a plan that still scans the table says the query cannot use the
        # index at all (a condition it cannot serve, or a predicate the partial index does not imply).
        await connection.execute(text("SET enable_seqscan = off"))
        event.listen(connection.sync_connection, "before_cursor_execute", capture)
        await recipients_of(AsyncSession(bind=connection), HELD, {"members": ["M7"]})
        event.remove(connection.sync_connection, "before_cursor_execute", capture)
        [(statement, parameters)] = sent
        plan = "\n".join((await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)).scalars())

    assert "subscriptions_matching" in plan, plan
    assert "Seq Scan" not in plan, plan
