"""Authentication and authorisation, decided locally by every service.

Partner API clients are created in the registry; their id, member, scopes and a hash of their secret
reach the other services as events, so each service checks `Authorization: Bearer <client id>.<secret>`
against its own copy (DESIGN: no synchronous calls). The administrator's key comes from the
environment (`NEACOOP_ADMIN_KEY`) and carries every scope.

Authorisation comes before validation: a client that may not write somewhere learns nothing from a
422 about the shape of what it may not touch. FastAPI solves a route's dependencies before it validates
the route's own parameters and body (`solve_dependencies` in fastapi/dependencies/utils.py), so every
refusal is a dependency: `require_scope` for the scope, `require_member` for "a partner acts only for its
own member", with the member found in the path, in stored data, or by peeking at one field of the raw
JSON body.
"""

from __future__ import annotations

import hashlib
import hmac
import weakref
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from common import logging as log
from common.errors import Forbidden, Unauthenticated

ADMIN_SCOPE = "admin"
# A client id as the registry makes them, for the examples in the OpenAPI documents.
EXAMPLE_CLIENT_ID = "cl_5e1f2a3b4c5d6e7f"

bearer = HTTPBearer(
    auto_error=False, description="`<client id>.<secret>` of a partner API client, or the admin key"
)


@dataclass(frozen=True)
class Principal:
    client_id: str
    member_code: str | None
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return ADMIN_SCOPE in self.scopes

    def has(self, scope: str) -> bool:
        return self.is_admin or scope in self.scopes

    def may_act_for(self, member_code: str) -> bool:
        """A partner may change only its own member's data; an administrator anything."""
        return self.is_admin or self.member_code == member_code


class ClientDirectory(Protocol):
    """A service's local copy of the partner clients (fed by the registry's events)."""

    async def find_active(self, client_id: str) -> tuple[str, str | None, frozenset[str]] | None:
        """(secret hash, member code, scopes) of a client that exists and is not revoked."""


def hash_secret(secret: str) -> str:
    # Client secrets are 256-bit random values, so a plain SHA-256 is not open to guessing and can be
    # carried in events and checked in every service without a slow KDF.
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class Authenticator:
    admin_key: str | None
    clients: ClientDirectory | None = None

    async def authenticate(self, token: str) -> Principal:
        if self.admin_key and hmac.compare_digest(token.encode(), self.admin_key.encode()):
            return Principal(client_id="admin", member_code=None, scopes=frozenset({ADMIN_SCOPE}))
        client_id, _, secret = token.partition(".")
        if self.clients is not None and client_id and secret:
            found = await self.clients.find_active(client_id)
            if found is not None:
                secret_hash, member_code, scopes = found
                if hmac.compare_digest(hash_secret(secret), secret_hash):
                    return Principal(client_id=client_id, member_code=member_code, scopes=scopes)
        raise Unauthenticated("the credentials are not those of an active API client")


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    if credentials is None:
        raise Unauthenticated("send `Authorization: Bearer <client id>.<secret>`")
    authenticator: Authenticator = request.app.state.authenticator
    principal = await authenticator.authenticate(credentials.credentials)
    # Once per request (FastAPI caches the dependency): every event the request records, and every log
    # line from here on, names the client; async, so it runs in the endpoint's context and the value holds.
    log.bind_actor(principal.client_id)
    return principal


@dataclass(frozen=True)
class Refusal:
    """A 403 an authorisation dependency can answer: why, as the route's documentation says it, and the
    problem itself."""

    reason: str
    problem: Forbidden


# The refusals of each dependency made below, so that `common.openapi` documents on every route the 403s
# its own dependencies give (weak keys: a dependency lives as long as the routes that use it).
REFUSALS: weakref.WeakKeyDictionary[Callable[..., object], tuple[Refusal, ...]] = weakref.WeakKeyDictionary()


def lacks_scope(scope: str) -> Forbidden:
    return Forbidden(f"this client lacks the `{scope}` scope", required_scope=scope)


def require_scope(scope: str) -> Callable[..., Awaitable[Principal]]:
    """A route dependency: the caller must be a client holding `scope` (or an administrator)."""

    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.has(scope):
            raise lacks_scope(scope)
        return principal

    REFUSALS[check] = (Refusal(f"it lacks the `{scope}` scope", lacks_scope(scope)),)
    return check


MembersOf = Callable[[Request], Awaitable[Collection[str]]]
"""The members a write may be made for, found before its body is validated: the caller must act for one
of them. Empty when the request names none (a client subscribing itself, say)."""


def require_member(
    scope: str, members_of: MembersOf, *, field: str, refusal: str
) -> Callable[..., Awaitable[Principal]]:
    """A route dependency: the caller holds `scope` (401, 403) and may act for one of the members that
    `members_of` finds (403 naming `field`; `refusal` says what the client may do instead)."""

    # A default, not `Annotated`: with postponed annotations FastAPI would look `scope` up among the
    # module's globals, where this closure's variable is not.
    async def check(request: Request, principal: Principal = Depends(require_scope(scope))) -> Principal:
        if principal.is_admin:
            return principal  # acts for every member: nothing to look up
        members = await members_of(request)
        if members and not any(principal.may_act_for(code) for code in members):
            raise Forbidden(f"client {principal.client_id} {refusal}", field=field)
        return principal

    REFUSALS[check] = (
        Refusal(f"it {refusal}", Forbidden(f"client {EXAMPLE_CLIENT_ID} {refusal}", field=field)),
    )
    return check


def member_in_path(param: str) -> MembersOf:
    """The member whose code is the path parameter `param` (`/v1/members/{code}`)."""

    async def members(request: Request) -> Collection[str]:
        return [request.path_params[param]]

    return members


def member_in_body(field: str) -> MembersOf:
    """The member whose code is the top-level `field` of the JSON body, read before validation.

    Only a string is a member code; anything else (absent, null, a number) names no member here and
    is left to validation, which refuses what is malformed. The body's schema stays what the route
    declares, in OpenAPI too: this only reads the JSON the route will validate.
    """

    async def members(request: Request) -> Collection[str]:
        code = await peek_json_string(request, field)
        return [code] if code is not None else []

    return members


async def peek_json_string(request: Request, field: str) -> str | None:
    """The top-level `field` of the request's JSON object when it is a string (whitespace stripped, as
    the schemas read codes), else None. Starlette caches the parsed body, so FastAPI's validation that
    follows reads the very same value."""
    try:
        body = await request.json()
    except ValueError:  # not JSON: FastAPI refuses the body as it refuses any it cannot read
        return None
    value = body.get(field) if isinstance(body, dict) else None
    return value.strip() if isinstance(value, str) else None
