"""A consumer runner consumes what its subscription declares, no more and no less: the AsyncAPI document's
receive operations are generated from the same declarations (common.contracts.subscriptions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from common.config import ServiceSettings
from common.contracts import EventData
from common.contracts.registry import ClientCreated, ClientRevoked, MemberRegistered
from common.contracts.subscriptions import SUBSCRIPTIONS, Subscription, subscription
from common.db import UnitOfWork, create_engine
from common.messaging.consumer import ConsumerRunner, Handler
from common.messaging.envelope import CloudEvent

# Never connected to: a runner connects only when it runs.
NOWHERE = "postgresql+asyncpg://nobody:nobody@127.0.0.1:9/nobody"
CLIENTS = Subscription(
    service="probe", group="probe.clients", events=(ClientCreated, ClientRevoked), purpose="a probe"
)


async def ignore(session: AsyncSession, event: CloudEvent, data: EventData) -> None:
    return None


def runner(handlers: Sequence[Handler[Any]]) -> ConsumerRunner:
    settings = ServiceSettings(service_name="probe", database_url=NOWHERE)
    return ConsumerRunner(
        settings=settings, uow=UnitOfWork(create_engine(NOWHERE)), subscription=CLIENTS, handlers=handlers
    )


def test_a_runner_takes_its_group_and_topics_from_its_subscription() -> None:
    built = runner([Handler(ClientCreated, ignore), Handler(ClientRevoked, ignore)])

    assert built.group_id == "probe.clients"
    assert built.topics == {"registry.client.v1"}


def test_a_runner_refuses_handlers_its_subscription_does_not_declare_or_misses_one() -> None:
    created, revoked = Handler(ClientCreated, ignore), Handler(ClientRevoked, ignore)
    with pytest.raises(ValueError, match=re.escape("['org.neacoop.registry.member.registered.v1']")):
        runner([created, revoked, Handler(MemberRegistered, ignore)])
    with pytest.raises(
        ValueError, match=re.escape("declared but not handled ['org.neacoop.registry.client.revoked.v1']")
    ):
        runner([created])
    with pytest.raises(ValueError, match="1 handled twice"):
        runner([created, revoked, revoked])


def test_every_group_is_declared_once_and_found_by_its_name() -> None:
    groups = [declared.group for declared in SUBSCRIPTIONS]
    assert len(groups) == len(set(groups))
    assert subscription("roadmap").service == "roadmap"
    with pytest.raises(LookupError):
        subscription("nobody")
