"""Every date and date-time a client sends, in any body or query of any service, is RFC 3339 text: `0`
or `"0"` is refused, never read as 1970 (pydantic's lax mode reads a number as seconds since the epoch).

The fields are found from each app's routes and their models, nested ones included, so a field added
tomorrow without `common.rfc3339`'s types fails here. The schemathesis contract tests found the one this
test was written after (a meeting's `starts_at`), but only now and then, since they sample.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any, get_args, get_origin

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import (
    AwareDatetime,
    BaseModel,
    FutureDate,
    FutureDatetime,
    NaiveDatetime,
    PastDate,
    PastDatetime,
    TypeAdapter,
    ValidationError,
)

from devstack.openapi import unconnected_app
from devstack.services import SERVICES

# pydantic's own moment types, which are not subclasses of date at run time.
PYDANTIC_MOMENTS = (AwareDatetime, NaiveDatetime, PastDate, FutureDate, PastDatetime, FutureDatetime)


def mentions_a_moment(annotation: Any) -> bool:
    if annotation in PYDANTIC_MOMENTS:
        return True
    if isinstance(annotation, type) and issubclass(annotation, date):  # datetime is a date
        return True
    return any(mentions_a_moment(argument) for argument in get_args(annotation))


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif get_origin(annotation) is not None:
        for argument in get_args(annotation):
            yield from models_in(argument)


def moments_of(
    model: type[BaseModel], prefix: str = "", seen: frozenset[type] = frozenset()
) -> Iterator[tuple[str, Any]]:
    for name, field in model.model_fields.items():
        annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        if mentions_a_moment(field.annotation):
            yield f"{prefix}{name}", annotation
        for inner in models_in(field.annotation):
            if inner not in seen:
                yield from moments_of(inner, f"{prefix}{name}.", seen | {model})


def cases() -> dict[str, tuple[str, str, Any]]:
    """(body or query, field, its annotation), by the route and field they belong to."""
    found: dict[str, tuple[str, str, Any]] = {}
    for service in SERVICES:
        for route in iter_route_contexts(unconnected_app(service).routes):
            if not isinstance(route.original_route, APIRoute):
                continue
            where = f"{service} {sorted(route.methods or ())} {route.path}"
            for param in route.dependant.query_params:
                info = param.field_info
                if mentions_a_moment(info.annotation):
                    annotation = (
                        Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
                    )
                    found[f"{where} ?{param.alias}"] = ("query", param.alias, annotation)
            if route.body_field is not None:
                for model in models_in(route.body_field.field_info.annotation):
                    for field, annotation in moments_of(model):
                        found[f"{where} body:{field}"] = ("body", field, annotation)
    return dict(sorted(found.items()))


CASES = cases()


def test_the_moments_are_found_in_bodies_and_queries_of_every_service() -> None:
    fields = {field for _, field, _ in CASES.values()}
    assert {"starts_at", "ends_at", "effective_from", "at", "decided_on"} <= fields, sorted(fields)


@pytest.mark.parametrize(("where", "field", "annotation"), list(CASES.values()), ids=list(CASES))
def test_a_number_is_not_a_moment(where: str, field: str, annotation: Any) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    # A body is JSON, where 0 is a number; a query is text, where it is the string "0".
    validate: Callable[[], object] = (
        (lambda: adapter.validate_json(b"0")) if where == "body" else (lambda: adapter.validate_python("0"))
    )
    with pytest.raises(ValidationError):
        validate()
