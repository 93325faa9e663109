"""Events of the registry: members, mechanisms, issue areas, partner clients."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from common.contracts.catalog import CATALOG, EventData

MEMBER_TOPIC = "registry.member.v1"

MemberKind = Literal[
    "state", "regional_organization", "international_organization", "local_government", "institute"
]


@CATALOG.event(type="org.neacoop.registry.member.registered.v1", topic=MEMBER_TOPIC)
class MemberRegistered(EventData):
    """A member joined the registry: a state, an organisation, a local government or an institute.

    `code` is ISO 3166-1 alpha-3 for states and a short code for the others; `names` maps language
    codes (en, ko, ja, zh, ru, mn) to names, English always present.
    """

    code: str
    kind: MemberKind
    names: dict[str, str] = Field(description="Names by language code; 'en' always present")
    parent_code: str | None = None
