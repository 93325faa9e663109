"""Sending email to a real SMTP server (aiosmtpd) on a free local port: what arrives, and what is refused."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from notifications.config import NotificationsSettings
from notifications.email import EmailRefused, send_email
from notifications.rendering import Rendered
from support.notifications import MailServer, free_port

KOREAN = Rendered(
    subject="회의 개최: 제1차 TRM+ 원자력 안전 회의",
    text="제1차 TRM+ 원자력 안전 회의\n\n회의가 개최되었습니다.",
    html="<h1>제1차 TRM+ 원자력 안전 회의</h1><p>회의가 개최되었습니다.</p>",
    language="ko",
)


def settings_for(port: int, **overrides: object) -> NotificationsSettings:
    return NotificationsSettings.model_validate(
        {
            "database_url": "postgresql+asyncpg://neacoop:neacoop@127.0.0.1:5432/notifications",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            "smtp_timeout_seconds": 5,
            "email_from": "nea-coop <notifications@nea-coop.example>",
            **overrides,
        }
    )


async def test_a_korean_email_arrives_with_its_subject_both_parts_and_the_deliverys_message_id(
    mail_server: MailServer,
) -> None:
    await send_email(
        settings_for(mail_server.port),
        to="Kim <kim@mofa.example>",
        rendered=KOREAN,
        message_id="dlv-7f3a",
        headers={"X-Neacoop-Event-Id": "evt-1"},
    )

    [envelope] = mail_server.received
    assert envelope.mail_from == "notifications@nea-coop.example"
    assert envelope.rcpt_tos == ["kim@mofa.example"]
    assert envelope.original_content is not None
    assert b"Subject: =?utf-8?" in envelope.original_content
    message = mail_server.message()
    assert message["Subject"] == KOREAN.subject
    assert message["Message-ID"] == "<dlv-7f3a@nea-coop>"
    assert message["Content-Language"] == "ko"
    assert message["X-Neacoop-Event-Id"] == "evt-1"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert isinstance(text, EmailMessage)
    assert isinstance(html, EmailMessage)
    # SMTP carries lines ending in CRLF; the parts are what was sent, line for line.
    assert text.get_content().splitlines() == KOREAN.text.splitlines()
    assert html.get_content().splitlines() == KOREAN.html.splitlines()


async def test_a_retried_delivery_sends_the_same_message_id(mail_server: MailServer) -> None:
    for _ in range(2):
        await send_email(
            settings_for(mail_server.port), to="kim@mofa.example", rendered=KOREAN, message_id="dlv-7f3a"
        )

    assert (
        mail_server.message(0)["Message-ID"] == mail_server.message(1)["Message-ID"] == "<dlv-7f3a@nea-coop>"
    )


async def test_a_recipient_refused_with_550_is_refused_for_good(mail_server: MailServer) -> None:
    with pytest.raises(EmailRefused) as refusal:
        await send_email(
            settings_for(mail_server.port), to="nobody@refused.example", rendered=KOREAN, message_id="dlv-1"
        )

    assert refusal.value.permanent
    assert "550" in refusal.value.reason
    assert mail_server.received == []


async def test_a_recipient_refused_with_450_is_tried_again(mail_server: MailServer) -> None:
    with pytest.raises(EmailRefused) as refusal:
        await send_email(
            settings_for(mail_server.port), to="kim@busy.example", rendered=KOREAN, message_id="dlv-1"
        )

    assert not refusal.value.permanent


async def test_a_server_that_is_not_listening_is_tried_again() -> None:
    with pytest.raises(EmailRefused) as refusal:
        await send_email(
            settings_for(free_port()), to="kim@mofa.example", rendered=KOREAN, message_id="dlv-1"
        )

    assert not refusal.value.permanent


async def test_starttls_required_by_the_settings_but_not_offered_is_tried_again(
    mail_server: MailServer,
) -> None:
    settings = settings_for(mail_server.port, smtp_security="starttls")

    with pytest.raises(EmailRefused) as refusal:
        await send_email(settings, to="kim@mofa.example", rendered=KOREAN, message_id="dlv-1")

    assert not refusal.value.permanent
    assert mail_server.received == []


@pytest.mark.parametrize(
    "address",
    ["kim@mofa.example\r\nBcc: all@example.org", "kim@", "not an address", "a@one.example, b@two.example"],
)
async def test_an_address_that_cannot_be_written_is_refused_for_good_before_connecting(address: str) -> None:
    with pytest.raises(EmailRefused) as refusal:
        await send_email(settings_for(free_port()), to=address, rendered=KOREAN, message_id="dlv-1")

    assert refusal.value.permanent
