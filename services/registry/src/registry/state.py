"""The full current state of each aggregate, as events carry it (common.contracts.registry)."""

from __future__ import annotations

from common.contracts.registry import (
    ClientState,
    Contact,
    IssueAreaState,
    MechanismMembership,
    MechanismState,
    MemberState,
    StatusPeriod,
)
from registry import models


def member_state(member: models.Member) -> MemberState:
    return MemberState(
        code=member.code,
        kind=member.kind,
        names=member.names,
        parent_code=member.parent_code,
        role_note=member.role_note,
        status_history=[
            StatusPeriod(status=p.status, effective_from=p.effective_from, reason=p.reason)
            for p in member.status_history
        ],
        contacts=[
            Contact(
                id=str(c.id),
                name=c.name,
                email=c.email,
                preferred_language=c.preferred_language,
                role=c.role,
            )
            for c in member.contacts
        ],
        version=member.version,
    )


def mechanism_state(mechanism: models.Mechanism) -> MechanismState:
    return MechanismState(
        code=mechanism.code,
        names=mechanism.names,
        agenda=mechanism.agenda,
        nature=mechanism.nature,
        participation=mechanism.participation,
        declared_member_count=mechanism.declared_member_count,
        expands_code=mechanism.expands_code,
        memberships=[
            MechanismMembership(member_code=m.member_code, joined_on=m.joined_on, left_on=m.left_on)
            for m in mechanism.memberships
        ],
        version=mechanism.version,
    )


def issue_area_state(area: models.IssueArea) -> IssueAreaState:
    return IssueAreaState(
        code=area.code,
        names=area.names,
        kind=area.kind,
        open=area.open,
        opened_by_decision=area.opened_by_decision,
        version=area.version,
    )


def client_state(client: models.ApiClient) -> ClientState:
    return ClientState(
        client_id=client.client_id,
        name=client.name,
        member_code=client.member_code,
        scopes=list(client.scopes),
        secret_hash=client.secret_hash,
        revoked=client.revoked_at is not None,
        version=client.version,
    )
