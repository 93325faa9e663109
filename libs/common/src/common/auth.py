"""Authentication and authorisation, decided locally by every service.

Partner API clients are created in the registry; their id, member, scopes and a hash of their secret
reach the other services as events, so each service checks `Authorization: Bearer <client id>.<secret>`
against its own copy (DESIGN: no synchronous calls). The administrator's key comes from the
environment (`NEACOOP_ADMIN_KEY`) and carries every scope.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from common import logging as log
from common.errors import Forbidden, Unauthenticated

ADMIN_SCOPE = "admin"

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


def require_scope(scope: str) -> Callable[..., Awaitable[Principal]]:
    """A route dependency: the caller must be a client holding `scope` (or an administrator)."""

    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.has(scope):
            raise Forbidden(f"this client lacks the `{scope}` scope", required_scope=scope)
        return principal

    return check
