"""The rules a criteria document must pass before it is adopted: the schema (`parse_document`, refusing
with the path inside the document at fault) and what the roadmap knows (`validate_references`: issue
areas, mechanisms, member kinds, outcome types, stages). `adoptable` is both, as `PUT .../criteria`
applies them; `python -m roadmap.criteria` writes the published schema, `criteria.schema.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from common.contracts.meetings import OutcomeType
from common.contracts.registry import MemberKind
from common.errors import RuleViolated
from roadmap.criteria.document import (
    AllOf,
    AnyOf,
    CriteriaDocument,
    Criterion,
    DistinctParticipants,
    MechanismExpansion,
    Outcomes,
)

# Published beside the shipped document it validates (napci-criteria.json), where partners find both.
SCHEMA_PATH = Path(__file__).parents[1] / "criteria.schema.json"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str


class CriteriaRefused(ValueError):
    """A criteria document failed the schema or names something that does not exist."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{problem.path}: {problem.message}" for problem in self.problems))


def json_path(parts: Iterable[str | int]) -> str:
    """("advancement", "x", "criteria", 1) -> "advancement.x.criteria[1]"."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _document_location(raw: Any, loc: Sequence[str | int]) -> list[str | int]:
    # Pydantic's location of an error in a tagged union carries the tag ("all_of", "meetings_held") as
    # an extra step; walking the raw document alongside drops the steps that are not in it.
    path: list[str | int] = []
    node = raw
    for step in loc:
        if _has_child(node, step):
            node = node[step]
            path.append(step)
        elif (isinstance(node, dict) and node.get("kind") == step) or _is_union_member(step):
            continue
        else:  # a field that is missing: name it, and whatever pydantic says lies below it
            path.append(step)
            node = None
    return path


def _has_child(node: Any, step: str | int) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _is_union_member(step: str | int) -> bool:
    # "literal['since_stage_began']", "RollingWindow", "function-after[...]": branches of a union.
    return isinstance(step, str) and (step.startswith(("literal[", "function-")) or step[:1].isupper())


def parse_document(raw: Any) -> CriteriaDocument:
    """Validate a criteria document against the schema; refuse it naming each path at fault."""
    try:
        return CriteriaDocument.model_validate(raw)
    except ValidationError as error:
        raise CriteriaRefused(
            [
                Problem(path=json_path(_document_location(raw, detail["loc"])) or "$", message=detail["msg"])
                for detail in error.errors()
            ]
        ) from error


def _criteria_with_paths(criterion: Criterion, path: str) -> Iterator[tuple[Criterion, str]]:
    yield criterion, path
    if isinstance(criterion, AllOf | AnyOf):
        for index, child in enumerate(criterion.criteria):
            yield from _criteria_with_paths(child, f"{path}.criteria[{index}]")


def validate_references(
    document: CriteriaDocument,
    known_issue_areas: Iterable[str],
    known_mechanisms: Iterable[str],
    member_kinds: Iterable[str],
    outcome_types: Iterable[str],
) -> list[Problem]:
    """Every unknown issue area, mechanism, member kind, outcome type or stage the document names."""
    areas, mechanisms = set(known_issue_areas), set(known_mechanisms)
    kinds, types = set(member_kinds), set(outcome_types)
    stages = [stage.code for stage in document.ordered_stages()]
    problems: list[Problem] = []

    def check(values: Iterable[str | None], known: set[str], path: str, what: str) -> None:
        for index, value in enumerate(values):
            if value is not None and value not in known:
                problems.append(Problem(path=path.format(index=index), message=f"unknown {what} {value!r}"))

    check(document.tracks.exclude_issue_areas, areas, "tracks.exclude_issue_areas[{index}]", "issue area")
    for t, track in enumerate(document.tracks.explicit):
        check(track.issue_areas, areas, f"tracks.explicit[{t}].issue_areas[{{index}}]", "issue area")
    for stage_code in document.advancement:
        if stage_code not in stages:
            problems.append(Problem(f"advancement.{stage_code}", f"unknown stage {stage_code!r}"))
        elif stage_code == stages[0]:
            problems.append(
                Problem(path=f"advancement.{stage_code}", message="the first stage is where tracks begin")
            )
    if document.opening is not None:
        if document.opening.stage not in stages:
            problems.append(Problem("opening.stage", f"unknown stage {document.opening.stage!r}"))
        tracks = {track.code for track in document.tracks.explicit}
        if document.tracks.per_issue_area:
            tracks |= areas - set(document.tracks.exclude_issue_areas)
        if document.opening.track not in tracks:
            problems.append(Problem("opening.track", f"unknown track {document.opening.track!r}"))
    for stage_code, root in document.advancement.items():
        for criterion, path in _criteria_with_paths(root, f"advancement.{stage_code}"):
            if isinstance(criterion, AllOf | AnyOf):
                continue
            if isinstance(criterion, MechanismExpansion):
                codes_path = f"{path}.mechanism_codes[{{index}}]"
                check(criterion.mechanism_codes, mechanisms, codes_path, "mechanism")
                continue
            meeting_filter = criterion.filter
            check(meeting_filter.issue_areas, areas, f"{path}.filter.issue_areas[{{index}}]", "issue area")
            check(meeting_filter.mechanisms, mechanisms, f"{path}.filter.mechanisms[{{index}}]", "mechanism")
            if meeting_filter.min_attending is not None:
                check(
                    [meeting_filter.min_attending.member_kind],
                    kinds,
                    f"{path}.filter.min_attending.member_kind",
                    "member kind",
                )
            if isinstance(criterion, DistinctParticipants | Outcomes):
                check([criterion.member_kind], kinds, f"{path}.member_kind", "member kind")
            if isinstance(criterion, Outcomes):
                check(criterion.types, types, f"{path}.types[{{index}}]", "outcome type")
    return problems


def adoptable(
    raw: dict[str, Any],
    *,
    roadmap_code: str,
    version: int,
    issue_areas: Iterable[str],
    mechanisms: Iterable[str],
) -> CriteriaDocument:
    """`raw` as version `version` of `roadmap_code`'s criteria (the body's own `version` is ignored), or a
    422 naming every problem: the schema's first, then what it names that the roadmap does not know."""
    try:
        document = parse_document({**raw, "version": version})
    except CriteriaRefused as refused:
        raise refusal(refused.problems) from refused
    problems = []
    if document.roadmap_code != roadmap_code:
        problems.append(Problem("roadmap_code", f"the document is for {document.roadmap_code!r}"))
    problems += validate_references(
        document, issue_areas, mechanisms, get_args(MemberKind), get_args(OutcomeType)
    )
    if problems:
        raise refusal(problems)
    return document


def refusal(problems: Sequence[Problem]) -> RuleViolated:
    first = problems[0]
    return RuleViolated(
        f"the criteria document is refused: {first.path}: {first.message}",
        field=first.path,
        errors=[{"field": problem.path, "message": problem.message} for problem in problems],
    )


def json_schema() -> dict[str, Any]:
    return CriteriaDocument.model_json_schema()


def write_schema(path: Path = SCHEMA_PATH) -> None:
    """Regenerate the published schema: `python -m roadmap.criteria`."""
    path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
