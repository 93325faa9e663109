"""The SMTP sink `make up` runs for the notifications service: a real server, a real SMTP client."""

from __future__ import annotations

import smtplib
import socket
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from devstack.cli import configured_service
from devstack.mail import MailSink
from devstack.process import DevstackError, pid_is_alive, read_pid
from devstack.stack import Stack


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_messages(sink: MailSink, count: int, timeout: float = 10.0) -> list[Path]:
    deadline = time.monotonic() + timeout
    while len(messages := sink.messages()) < count:
        assert time.monotonic() < deadline, f"{count} message(s) not in {sink.mail_dir} within {timeout} s"
        time.sleep(0.05)
    return messages


def meeting_notice() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "nea-coop <notifications@nea-coop.invalid>"
    message["To"] = "focal.point@mofa.go.kr"
    message["Subject"] = "TRM+ held / 회의 개최"
    message.set_content("The 1st TRM+ meeting was held on 2013-10-28.\n")
    return message


def test_the_smtp_sink_keeps_each_message_it_accepts_as_an_eml_file_and_stops_without_a_trace(
    tmp_path: Path,
) -> None:
    sink = MailSink(mail_dir=tmp_path / "mail", run_dir=tmp_path / "smtp", port=free_port())
    sink.start()
    pid = read_pid(sink.pid_path)
    try:
        assert pid is not None
        assert sink.is_running()
        assert sink.is_ready()
        with smtplib.SMTP("127.0.0.1", sink.port, local_hostname="localhost", timeout=10) as client:
            refused = client.send_message(
                meeting_notice(), to_addrs=["focal.point@mofa.go.kr", "archive@nea-coop.invalid"]
            )
        assert refused == {}

        [eml] = wait_for_messages(sink, 1)
        stored = message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert stored["Subject"] == "TRM+ held / 회의 개최"
        assert stored["To"] == "focal.point@mofa.go.kr"
        assert stored["Return-Path"] == "<notifications@nea-coop.invalid>"
        assert stored["X-Envelope-To"] == "focal.point@mofa.go.kr, archive@nea-coop.invalid"
        assert "2013-10-28" in stored.get_body().get_content()  # type: ignore[union-attr]
        assert "accepted" in sink.log_path.read_text()
    finally:
        sink.stop()
    assert pid is not None
    assert not pid_is_alive(pid)
    assert not sink.is_running()
    assert not sink.pid_path.exists()
    assert len(sink.messages()) == 1, "stopping keeps the messages"


def test_starting_the_smtp_sink_twice_reuses_the_running_one(tmp_path: Path) -> None:
    sink = MailSink(mail_dir=tmp_path / "mail", run_dir=tmp_path / "smtp", port=free_port())
    sink.start()
    try:
        first = read_pid(sink.pid_path)
        sink.start()
        assert read_pid(sink.pid_path) == first
    finally:
        sink.stop()


def test_the_smtp_sink_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        sink = MailSink(mail_dir=tmp_path / "mail", run_dir=tmp_path / "smtp", port=taken.getsockname()[1])
        with pytest.raises(DevstackError, match=r"SMTP sink: port .* is already in use"):
            sink.start()
    assert not sink.pid_path.exists()


def test_make_up_points_notifications_at_its_smtp_sink(tmp_path: Path) -> None:
    stack = Stack(project_root=tmp_path, run_dir=tmp_path / "stack", mail_port=12525)
    sink = stack.mail_sink()
    assert sink.mail_dir == tmp_path / "stack" / "mail"
    environment = configured_service(stack, "notifications", "a-key").env
    assert environment["NEACOOP_SMTP_HOST"] == sink.host == "127.0.0.1"
    assert environment["NEACOOP_SMTP_PORT"] == "12525"
    assert environment["NEACOOP_SMTP_SECURITY"] == "none"
    assert "NEACOOP_SMTP_HOST" not in configured_service(stack, "registry", "a-key").env
