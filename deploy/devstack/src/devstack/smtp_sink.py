"""A development mail server: accepts every message over plain SMTP and keeps it as a .eml file.

`python -m devstack.smtp_sink --port 2525 --mail-dir .run/stack/mail`, run by devstack.mail.MailSink. The
notifications service sends to it under `make up`, so emails can be read without an external server:
open a .eml file with any mail client, or `python -m email` tools. Nothing is relayed anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import uuid
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

# Fixed, because aiosmtpd otherwise resolves the machine's FQDN for every connection, which can hang on
# a machine without working DNS.
_HOSTNAME = "localhost"


class EmlWriter:
    """The aiosmtpd handler: one file per accepted message, named so that a listing sorts by arrival."""

    def __init__(self, mail_dir: Path) -> None:
        self.mail_dir = mail_dir

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        content = envelope.original_content or b""
        # The envelope is not part of the message (Bcc recipients appear nowhere else), so it is recorded
        # the way a delivering server does: Return-Path (RFC 5321, 4.4) and the recipients, on top.
        recipients = ", ".join(envelope.rcpt_tos)
        trace = f"Return-Path: <{envelope.mail_from or ''}>\r\nX-Envelope-To: {recipients}\r\n"
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S.%fZ}-{uuid.uuid4().hex[:8]}.eml"
        await asyncio.to_thread(self._store, name, trace.encode("utf-8") + content)
        print(f"accepted {name} from <{envelope.mail_from}> for {recipients}", flush=True)
        return "250 OK"

    def _store(self, name: str, data: bytes) -> None:
        # Written aside and renamed, so whoever polls for *.eml never reads half a message.
        partial_path = self.mail_dir / f".{name}.part"
        partial_path.write_bytes(data)
        os.replace(partial_path, self.mail_dir / name)


async def serve(host: str, port: int, mail_dir: Path) -> None:
    """Serve until SIGTERM or SIGINT."""
    loop = asyncio.get_running_loop()
    factory = partial(SMTP, EmlWriter(mail_dir), hostname=_HOSTNAME, enable_SMTPUTF8=True)
    server = await loop.create_server(factory, host=host, port=port)
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    print(f"SMTP sink listening on {host}:{port}, keeping messages in {mail_dir}", flush=True)
    async with server:
        await stopping.wait()
    print("SMTP sink stopped", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devstack.smtp_sink", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mail-dir", type=Path, required=True, help="where each message goes, as a .eml")
    arguments = parser.parse_args(argv)
    mail_dir = arguments.mail_dir.absolute()
    mail_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(serve(arguments.host, arguments.port, mail_dir))


if __name__ == "__main__":
    main()
