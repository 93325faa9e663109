"""Sending a rendered notification as an email, through the SMTP server the settings name."""

from __future__ import annotations

import email.errors
import email.policy
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import aiosmtplib

from notifications.config import NotificationsSettings
from notifications.rendering import Rendered

# The headers send_email writes itself; a caller's extra headers may not replace them.
OWN_HEADERS = frozenset(
    {"from", "to", "subject", "date", "message-id", "content-language", "auto-submitted", "mime-version"}
)
# The left part of a msg-id is a dot-atom (RFC 5322, 3.6.4): no brackets, "@", spaces or line breaks.
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
# A reply code is permanent when it starts with 5 (RFC 5321, 4.2.1): the same message will be refused again.
_PERMANENT_CODES = range(500, 600)


class EmailRefused(Exception):
    """The email was not accepted. `permanent`: sending it again would be refused again, so the delivery
    dies now; otherwise (no connection, a timeout, a 4xx reply, the server's own set-up) it is retried."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


async def send_email(
    settings: NotificationsSettings,
    *,
    to: str,
    rendered: Rendered,
    message_id: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Sends `rendered` to `to`. `message_id` (a delivery id) makes the Message-ID, which stays the same
    when a delivery is retried, so that a reader's client can tell a repeated email from a new one."""
    message = _message(settings, to=to, rendered=rendered, message_id=message_id, headers=headers or {})
    # An empty username or password (as deployments set "no login") means none.
    username = settings.smtp_username or None
    password = (settings.smtp_password.get_secret_value() if settings.smtp_password else None) or None
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            timeout=settings.smtp_timeout_seconds,
            use_tls=settings.smtp_security == "tls",
            # False, not None, for "none" and "tls": None upgrades whenever the server offers STARTTLS, which
            # "none" says not to do (a relay without a valid certificate) and "tls" has no need of.
            start_tls=settings.smtp_security == "starttls",
            username=username,
            password=password,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        raise EmailRefused(
            f"recipient refused: {'; '.join(f'{r.code} {r.message}' for r in exc.recipients)}",
            permanent=all(refusal.code in _PERMANENT_CODES for refusal in exc.recipients),
        ) from exc
    except (aiosmtplib.SMTPRecipientRefused, aiosmtplib.SMTPDataError) as exc:
        # Refusals of this recipient or of this message's content: the same email would meet the same answer.
        raise EmailRefused(f"{exc.code} {exc.message}", permanent=exc.code in _PERMANENT_CODES) from exc
    except aiosmtplib.SMTPResponseException as exc:
        # Greeting, HELO, sender and authentication refusals are about our server or its settings, not this
        # email: retrying gives the operator time to put them right before the delivery dies.
        raise EmailRefused(f"{exc.code} {exc.message}", permanent=False) from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        # No connection, a timeout, a dropped connection, TLS failures, a missing extension.
        raise EmailRefused(f"{type(exc).__name__}: {exc}", permanent=False) from exc


def _message(
    settings: NotificationsSettings,
    *,
    to: str,
    rendered: Rendered,
    message_id: str,
    headers: Mapping[str, str],
) -> EmailMessage:
    if not _DOT_ATOM.fullmatch(message_id):
        raise ValueError(f"{message_id!r} cannot be the left part of a Message-ID")
    clashing = sorted(name for name in headers if name.lower() in OWN_HEADERS)
    if clashing:
        raise ValueError(f"send_email writes {', '.join(clashing)} itself")

    # The default policy encodes non-ASCII headers (RFC 2047) and bodies as UTF-8, and refuses a header
    # value with a line break rather than let it start another header.
    message = EmailMessage()
    # The body first: set_content and add_alternative drop or move the Content-* headers already set.
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    message["From"] = settings.email_from
    message["To"] = _recipient(to)
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = f"<{message_id}@nea-coop>"
    message["Content-Language"] = rendered.language
    # RFC 3834: an automatic message, so that out-of-office responders do not answer it.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in headers.items():
        message[name] = value
    return message


def _recipient(to: str) -> str:
    """`to` when it is one whole address: one that can never be written is refused for good."""
    try:
        header = email.policy.default.header_factory("To", to)
    except (email.errors.HeaderParseError, IndexError) as exc:
        # The parser of Python 3.11 raises IndexError on some truncated addresses, such as "a@".
        raise EmailRefused(f"not an email address: {to!r}", permanent=True) from exc
    addresses = header.addresses
    if header.defects or len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise EmailRefused(f"not an email address: {to!r}", permanent=True)
    return to
