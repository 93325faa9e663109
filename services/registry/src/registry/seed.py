"""Import of reference data: members, mechanisms and issue areas in the shape of nea-reference.json.

Two doors, one use case: `POST /v1/import` (administrators) and `python -m registry.seed`, which imports
the reference file (`NEACOOP_REFERENCE_FILE`, default `<project root>/../shared/domain/nea-reference.json`)
into the database of `NEACOOP_DATABASE_URL`. Rows are written through the feature services, so the import
announces exactly the events the API would (`member.registered`, `issue_area.registered`,
`mechanism.registered`, each with full state), all in one transaction. Codes already registered are
skipped, which makes the import idempotent: a second run creates nothing and announces nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from common import logging as log
from common.app import runtime_of
from common.auth import Principal, require_scope
from common.contracts.registry import IssueAreaKind, MemberKind, ParticipationStatus
from common.db import UnitOfWork, create_engine
from common.errors import DomainError, RuleViolated
from common.limits import IMPORT_MAX_ITEMS, LIST_MAX_ITEMS, Count, Note, Text, Title
from common.messaging.outbox import Outbox
from common.rfc3339 import Date
from registry.config import RegistrySettings
from registry.issue_areas import repository as issue_areas_repository
from registry.issue_areas import service as issue_areas
from registry.issue_areas.schemas import IssueAreaCode, IssueAreaCreate
from registry.mechanisms import repository as mechanisms_repository
from registry.mechanisms import service as mechanisms
from registry.mechanisms.schemas import MechanismCreate
from registry.members import repository as members_repository
from registry.members import service as members
from registry.members.schemas import Code, MemberCreate

# The reference gives statuses without dates. They describe NAPCI as proposed in May 2013 (the first
# NAPCI entries of the file's history), so they count from then unless a member says `status_since`.
REFERENCE_STATUS_SINCE = date(2013, 5, 1)

Source = Field(default=None, description="Where the fact comes from; kept in the document, not registered")


class ReferenceMember(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Title = Field(description="The English name")
    kind: MemberKind
    status: ParticipationStatus = "invited"
    status_since: Date | None = Field(
        default=None, description=f"When the status began; {REFERENCE_STATUS_SINCE} if not given"
    )
    role_note: Note | None = None
    parent: Code | None = Field(default=None, description="The state a local government belongs to")
    source: Note | None = Source


class ReferenceMechanism(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Title = Field(description="The English name")
    agenda: Text | None = None
    nature: Text | None = None
    participation: Text | None = None
    member_count: Count | None = Field(
        default=None, description="The count the sources declare (registered as declared_member_count)"
    )
    members: list[Code] = Field(
        default_factory=list,
        max_length=LIST_MAX_ITEMS,
        description="Members, registered or in this document",
    )
    expands: Code | None = Field(default=None, description="The mechanism this one expands (TRM+ -> TRM)")
    joined_on: Date | None = Field(
        default=None,
        description="When `members` joined (the founding). The reference file gives no date; the roadmap "
        "counts a mechanism's expansion only when it is dated",
    )
    source: Note | None = Source


class ReferenceIssueArea(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: IssueAreaCode
    name: Title = Field(description="The English name")
    kind: IssueAreaKind = Field(description="traditional areas are registered locked")
    locked_until: Note | None = Field(default=None, description="When a traditional area may open; a note")
    source: Note | None = Source


class ReferenceDocument(BaseModel):
    """The shape of nea-reference.json. Every section is optional; the file's other sections (roadmap,
    history) belong to other services and are ignored here."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "members": [
                        {
                            "code": "KOR",
                            "name": "Republic of Korea",
                            "kind": "state",
                            "status": "participant",
                        },
                        {
                            "code": "ASEAN",
                            "name": "Association of Southeast Asian Nations",
                            "kind": "regional_organization",
                            "status": "observer",
                        },
                    ],
                    "issue_areas": [
                        {"code": "nuclear_safety", "name": "Nuclear safety", "kind": "non_traditional"}
                    ],
                    "mechanisms": [
                        {
                            "code": "NEASPEC",
                            "name": "North-East Asian Subregional Programme for Environmental Cooperation",
                            "agenda": "Environment",
                        },
                    ],
                }
            ]
        },
    )

    members: list[ReferenceMember] = Field(default_factory=list, max_length=IMPORT_MAX_ITEMS)
    issue_areas: list[ReferenceIssueArea] = Field(default_factory=list, max_length=IMPORT_MAX_ITEMS)
    mechanisms: list[ReferenceMechanism] = Field(default_factory=list, max_length=IMPORT_MAX_ITEMS)


class Counts(BaseModel):
    created: int = 0
    skipped: int = Field(default=0, description="Codes already registered, left as they are")


class ImportResult(BaseModel):
    members: Counts
    issue_areas: Counts
    mechanisms: Counts

    def summary(self) -> str:
        return "; ".join(
            f"{section}: {counts.created} created, {counts.skipped} skipped"
            for section, counts in (
                ("members", self.members),
                ("issue areas", self.issue_areas),
                ("mechanisms", self.mechanisms),
            )
        )


# The API's field names, as the feature services report them, and their names in the document.
MEMBER_FIELDS = {"names": "name", "parent_code": "parent", "status_effective_from": "status_since"}
ISSUE_AREA_FIELDS = {"names": "name"}
MECHANISM_FIELDS = {"names": "name", "expands_code": "expands", "member_codes": "members"}


@contextmanager
def _at(path: str, fields: dict[str, str] | None = None) -> Iterator[None]:
    """Reports a feature service's refusal at the document's path (members.3.parent), not the API's field."""
    try:
        yield
    except DomainError as error:
        field = (fields or {}).get(error.field or "", error.field)
        error.field = f"{path}.{field}" if field else path
        raise


def _refuse_repeated_codes(section: str, codes: Sequence[str]) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise RuleViolated(
                f"{code} is listed more than once in {section}", field=f"{section}.{index}.code"
            )
        seen.add(code)


def _parents_first(items: Sequence[ReferenceMember]) -> list[int]:
    # A parent is a state, which has no parent itself: one pass of the parentless first is enough.
    return [i for i, m in enumerate(items) if m.parent is None] + [
        i for i, m in enumerate(items) if m.parent is not None
    ]


def _expanded_first(items: Sequence[ReferenceMechanism]) -> list[int]:
    by_code = {m.code: i for i, m in enumerate(items)}
    order: list[int] = []
    visiting: set[int] = set()

    def visit(index: int) -> None:
        if index in order:
            return
        if index in visiting:
            raise RuleViolated("mechanisms expand each other in a cycle", field=f"mechanisms.{index}.expands")
        visiting.add(index)
        expands = items[index].expands
        if expands is not None and expands in by_code:
            visit(by_code[expands])
        order.append(index)

    for index in range(len(items)):
        visit(index)
    return order


async def import_reference(
    session: AsyncSession, outbox: Outbox, *, document: ReferenceDocument, recorded_by: str
) -> ImportResult:
    """Registers what the document holds and the registry does not; never commits."""
    _refuse_repeated_codes("members", [m.code for m in document.members])
    _refuse_repeated_codes("issue_areas", [a.code for a in document.issue_areas])
    _refuse_repeated_codes("mechanisms", [m.code for m in document.mechanisms])
    # Two imports at once (`make up` while someone posts one) would both find a code missing; one waits.
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('registry.import'))"))
    result = ImportResult(members=Counts(), issue_areas=Counts(), mechanisms=Counts())

    for index in _parents_first(document.members):
        member = document.members[index]
        if await members_repository.exists(session, member.code):
            result.members.skipped += 1
            continue
        with _at(f"members.{index}", MEMBER_FIELDS):
            await members.register_member(
                session,
                outbox,
                command=MemberCreate(
                    code=member.code,
                    kind=member.kind,
                    names={"en": member.name},
                    parent_code=member.parent,
                    role_note=member.role_note,
                    status=member.status,
                    status_effective_from=member.status_since or REFERENCE_STATUS_SINCE,
                    status_reason=f"reference data: {member.source}" if member.source else "reference data",
                ),
                recorded_by=recorded_by,
            )
        result.members.created += 1

    for index, area in enumerate(document.issue_areas):
        if await issue_areas_repository.exists(session, area.code):
            result.issue_areas.skipped += 1
            continue
        with _at(f"issue_areas.{index}", ISSUE_AREA_FIELDS):
            await issue_areas.register_issue_area(
                session,
                outbox,
                command=IssueAreaCreate(code=area.code, names={"en": area.name}, kind=area.kind),
            )
        result.issue_areas.created += 1

    for index in _expanded_first(document.mechanisms):
        mechanism = document.mechanisms[index]
        if await mechanisms_repository.exists(session, mechanism.code):
            result.mechanisms.skipped += 1
            continue
        with _at(f"mechanisms.{index}", MECHANISM_FIELDS):
            await mechanisms.register_mechanism(
                session,
                outbox,
                command=MechanismCreate(
                    code=mechanism.code,
                    names={"en": mechanism.name},
                    agenda=mechanism.agenda,
                    nature=mechanism.nature,
                    participation=mechanism.participation,
                    declared_member_count=mechanism.member_count,
                    expands_code=mechanism.expands,
                    member_codes=mechanism.members,
                    joined_on=mechanism.joined_on if mechanism.members else None,
                ),
            )
        result.mechanisms.created += 1
    return result


router = APIRouter(prefix="/v1/import", tags=["import"])

Admin = Annotated[Principal, Depends(require_scope("admin"))]


@router.post("", operation_id="importReferenceDocument")
async def import_document(body: ReferenceDocument, request: Request, principal: Admin) -> ImportResult:
    """Imports members, issue areas and mechanisms in the shape of `nea-reference.json` (administrators).

    Each section is optional. Codes already registered are skipped and counted as such, so the same
    document can be posted again safely. Everything is written in one transaction with the events the
    API would announce; an invalid document is a 422 whose `field` is the path of the bad value
    (`members.3.kind`), and then nothing is written.
    """
    runtime = runtime_of(request)
    async with runtime.uow.transaction() as session:
        return await import_reference(session, runtime.outbox, document=body, recorded_by=principal.client_id)


def project_root() -> Path:
    here = Path(__file__).resolve()
    for candidate in here.parents:
        if (candidate / "deploy" / "kafka" / "pom.xml").is_file():
            return candidate
    raise FileNotFoundError(f"no ancestor of {here} holds deploy/kafka/pom.xml; set NEACOOP_REFERENCE_FILE")


def reference_file() -> Path:
    configured = os.environ.get("NEACOOP_REFERENCE_FILE", "").strip()
    if configured:
        return Path(configured)
    return (project_root().parent / "shared" / "domain" / "nea-reference.json").resolve()


async def seed(settings: RegistrySettings, document: ReferenceDocument) -> ImportResult:
    # No request and no client: the events say the seed made them (`POST /v1/import` says who posted).
    log.bind_actor("seed")
    engine = create_engine(settings.sqlalchemy_url, pool_size=1)
    try:
        async with UnitOfWork(engine).transaction() as session:
            return await import_reference(
                session,
                Outbox(service=settings.service_name, max_event_bytes=settings.outbox_max_event_bytes),
                document=document,
                recorded_by="seed",
            )
    finally:
        await engine.dispose()


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    # It takes no argument, but says so: an operator's `--help` or a mistyped flag must not start an import.
    parser = argparse.ArgumentParser(
        prog="python -m registry.seed",
        description="Import the reference file (NEACOOP_REFERENCE_FILE, default "
        "../shared/domain/nea-reference.json) into the registry's database (NEACOOP_DATABASE_URL). "
        "Codes already registered are skipped: it adds what is missing and changes nothing else.",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """`python -m registry.seed`: imports the reference file into the registry's database."""
    parse_arguments(argv)
    try:
        path = reference_file()
        document = ReferenceDocument.model_validate_json(path.read_bytes())
        settings = RegistrySettings()
    except (OSError, ValidationError) as error:
        print(f"registry.seed: {error}", file=sys.stderr)
        return 1
    try:
        result = asyncio.run(seed(settings, document))
    except DomainError as error:
        print(f"registry.seed: {path}: {error.field}: {error.detail}", file=sys.stderr)
        return 1
    # The events wait in the outbox; the registry's relay publishes them when it runs.
    print(f"imported {path}: {result.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
