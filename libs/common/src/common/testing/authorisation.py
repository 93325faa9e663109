"""Walks over every route of an app, read from its OpenAPI document: for the tests that check
authorisation comes before validation, the authorisation matrix and the hostile-input suite.

The routes are read from the app's own OpenAPI document, which lists every route a partner can call
(FastAPI's `app.routes` holds the included routers, not their routes), so a new route is walked the day
it is added. A write meant to be open is listed by the test with the reason, and a listed route that no
longer exists fails the walk, so the list stays true.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from common.auth import hash_secret
from common.messaging.tables import known_clients

WRITE_METHODS = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITE_METHODS)

# No string, number, boolean, date, code, object or list of any of them accepts this value.
NOT_OF_ANY_FIELDS_TYPE: Any = [[None]]


@dataclass(frozen=True)
class WriteRoute:
    method: str
    path: str
    operation: Mapping[str, Any]
    components: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.operation

    def url(self, path_values: Mapping[str, str]) -> str:
        names = re.findall(r"{(\w+)(?::\w+)?}", self.path)
        missing = sorted(set(names) - set(path_values))
        assert not missing, f"{self}: the test gives no value for {', '.join(missing)}"
        return re.sub(r"{(\w+)(?::\w+)?}", lambda m: path_values[m.group(1)], self.path)

    @property
    def headers(self) -> frozenset[str]:
        """The request headers the route declares (`Idempotency-Key`, `If-Match`), in lower case."""
        return frozenset(
            p["name"].lower() for p in self.operation.get("parameters", []) if p["in"] == "header"
        )

    def sample_url(self) -> str:
        """The URL with a value of the right type for each path parameter: an integer, a UUID (that names
        nothing), or a code."""
        values = {}
        for parameter in self.operation.get("parameters", []):
            if parameter["in"] == "path":
                schema = parameter.get("schema", {})
                if schema.get("type") == "integer":
                    values[parameter["name"]] = "1"
                elif schema.get("format") == "uuid":
                    values[parameter["name"]] = "00000000-0000-0000-0000-000000000000"
                else:
                    values[parameter["name"]] = "KOR"
        return self.url(values)

    def invalid_body(self, owners: Mapping[str, str]) -> Any:
        """A body this route refuses: every field of its schema wrong, except those `owners` names,
        which carry the member code given (the fields an ownership check reads before validation)."""
        fields = self._body_fields()
        if not fields:
            return NOT_OF_ANY_FIELDS_TYPE  # a free-form object (or no body): a list is no object
        return {name: owners.get(name, NOT_OF_ANY_FIELDS_TYPE) for name in fields}

    def _body_fields(self) -> list[str]:
        if not self.has_body:
            return []
        schema = self.operation["requestBody"]["content"]["application/json"]["schema"]
        for candidate in [schema, *schema.get("anyOf", [])]:  # `Model | None` too
            ref = candidate.get("$ref")
            if ref:
                return list(self.components[ref.rsplit("/", 1)[-1]].get("properties", {}))
        return list(schema.get("properties", {}))


def api_routes(app: FastAPI, *, methods: tuple[str, ...] = METHODS) -> list[WriteRoute]:
    """Every route of `app` under /v1 with one of `methods`, as its OpenAPI document lists them."""
    document = app.openapi()
    components = document.get("components", {}).get("schemas", {})
    return [
        WriteRoute(method.upper(), path, operations[method], components)
        for path, operations in document["paths"].items()
        if path.startswith("/v1/")
        for method in methods
        if method in operations
    ]


def write_routes(app: FastAPI, *, open_routes: Mapping[str, str]) -> list[WriteRoute]:
    """Every POST, PUT, PATCH and DELETE route of `app`, except the `open_routes` ("POST /v1/...": why it
    needs no credentials)."""
    routes = api_routes(app, methods=WRITE_METHODS)
    gone = set(open_routes) - {str(r) for r in routes}
    assert not gone, f"listed as open but not routes of the app: {sorted(gone)}"
    walked = [r for r in routes if str(r) not in open_routes]
    assert walked, "the app has no write route to walk"
    return walked


@dataclass(frozen=True)
class Walk:
    """Sends every route an invalid body, with the path values and body owners of the member under test;
    calling it with a caller's headers answers the status of each route, by route."""

    client: httpx.AsyncClient
    routes: list[WriteRoute]
    path_values: Mapping[str, str]
    owners: Mapping[str, str]

    async def __call__(self, headers: Mapping[str, str], *, only_with_body: bool = False) -> dict[str, int]:
        statuses: dict[str, int] = {}
        for route in self.routes:
            if only_with_body and not route.has_body:
                continue
            answer = await self.client.request(
                route.method,
                route.url(self.path_values),
                json=route.invalid_body(self.owners),
                headers=dict(headers),
            )
            statuses[str(route)] = answer.status_code
        return statuses


# --- The authorisation matrix: every route x every kind of caller -----------------------------------------

# Who calls. A "client without the scope" belongs to the member the route is about; "another member's
# client" holds every partner scope, for another member.
CALLERS = (
    "no token",
    "malformed token",
    "wrong secret",
    "revoked client",
    "client without the scope",
    "another member's client",
    "admin",
)
PARTNER_SCOPES = ("members:write", "meetings:write", "subscriptions:write", "roadmap:write")
# Not refused: the route did its work or judged the request (200, 404 for a record that is not there,
# 422 for the invalid body the walk sends), but said neither 401 nor 403, nor failed.
ANSWERED = 0
UNAUTHENTICATED = {"no token": 401, "malformed token": 401, "wrong secret": 401, "revoked client": 401}


@dataclass(frozen=True)
class Access:
    """Who may call a route: what each caller is answered, and why (for an open route)."""

    expected: Mapping[str, int]
    why: str = ""


def open_to_all(why: str) -> Access:
    """Public data, or a computation that changes nothing: every caller is answered, whatever it sends."""
    assert why, "an open route says why it is open"
    return Access({caller: ANSWERED for caller in CALLERS}, why)


def administrators_only() -> Access:
    return Access(
        {**UNAUTHENTICATED, "client without the scope": 403, "another member's client": 403, "admin": 0}
    )


def scoped(*, another_member: int = 403) -> Access:
    """A partner with the route's scope, acting for its own member (or an administrator). `another_member`
    is what another member's client is answered: 403, 404 where the record's existence is not its
    business, or ANSWERED where it sees only its own (a list)."""
    return Access(
        {
            **UNAUTHENTICATED,
            "client without the scope": 403,
            "another member's client": another_member,
            "admin": ANSWERED,
        }
    )


def table_routes(app: FastAPI, table: Mapping[str, Access]) -> list[WriteRoute]:
    """Every route of `app`, which the table must list exactly: a new route cannot be forgotten, nor a
    gone one kept."""
    routes = api_routes(app)
    names = {str(route) for route in routes}
    missing, gone = sorted(names - set(table)), sorted(set(table) - names)
    assert not missing, f"routes missing from the authorisation table: {missing}"
    assert not gone, f"in the authorisation table but not routes of the app: {gone}"
    return routes


def secret_of_a_client(member_code: str | None, scopes: Sequence[str], *, revoked: bool = False) -> ClientRow:
    """A partner client's row, as the registry keeps it and as its events leave it in every service's
    `known_clients`, with the token that authenticates it."""
    client_id, secret = f"cl_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
    return ClientRow(
        client_id, member_code, tuple(scopes), hash_secret(secret), revoked, f"{client_id}.{secret}"
    )


@dataclass(frozen=True)
class ClientRow:
    client_id: str
    member_code: str | None
    scopes: tuple[str, ...]
    secret_hash: str
    revoked: bool
    token: str

    def known_client(self) -> dict[str, Any]:
        """The values of its row in `common.messaging.tables.known_clients`."""
        return {
            "client_id": self.client_id,
            "member_code": self.member_code,
            "scopes": list(self.scopes),
            "secret_hash": self.secret_hash,
            "revoked": self.revoked,
            "version": 1,
        }

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class Callers:
    """The clients of a matrix: each row is written where the service under test keeps its clients."""

    without_scope: ClientRow
    another_member: ClientRow
    revoked: ClientRow

    @classmethod
    def of(cls, *, owner: str, another: str) -> Callers:
        return cls(
            without_scope=secret_of_a_client(owner, []),
            another_member=secret_of_a_client(another, PARTNER_SCOPES),
            revoked=secret_of_a_client(owner, PARTNER_SCOPES, revoked=True),
        )

    @property
    def rows(self) -> tuple[ClientRow, ...]:
        return (self.without_scope, self.another_member, self.revoked)

    def headers(self, admin: Mapping[str, str]) -> dict[str, dict[str, str]]:
        wrong = self.another_member.token.partition(".")[0] + "." + secrets.token_urlsafe(32)
        return {
            "no token": {},
            "malformed token": {"Authorization": "Bearer not a token at all"},
            "wrong secret": {"Authorization": f"Bearer {wrong}"},
            "revoked client": self.revoked.headers,
            "client without the scope": self.without_scope.headers,
            "another member's client": self.another_member.headers,
            "admin": dict(admin),
        }


async def write_known_clients(engine: AsyncEngine, rows: Sequence[ClientRow]) -> None:
    """Puts the clients in a service's copy of the registry's clients, as the registry's events would."""
    async with engine.begin() as connection:
        await connection.execute(insert(known_clients), [row.known_client() for row in rows])


async def matrix_mismatches(
    client: httpx.AsyncClient,
    routes: list[WriteRoute],
    table: Mapping[str, Access],
    callers: Mapping[str, Mapping[str, str]],
    *,
    path_values: Mapping[str, str],
    owners: Mapping[str, str],
) -> list[str]:
    """Each (route, caller) whose answer is not the table's, as a line; every route is called by every
    caller, writes with an invalid body naming the owners (`WriteRoute.invalid_body`)."""
    mismatches: list[str] = []
    for route in routes:
        body = route.invalid_body(owners) if route.method != "GET" else None
        for caller, headers in callers.items():
            answer = await client.request(
                route.method, route.url(path_values), json=body, headers=dict(headers)
            )
            expected = table[str(route)].expected[caller]
            status = answer.status_code
            fine = status == expected if expected else status not in (401, 403) and status < 500
            if not fine:
                wanted = expected or "answered (not 401, 403 or 5xx)"
                mismatches.append(f"{route} as {caller}: {status}, expected {wanted}: {answer.text[:150]}")
    return mismatches
