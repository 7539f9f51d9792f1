"""A real SMTP server for the tests (and the benchmark): aiosmtpd on 127.0.0.1, on a
free port, that keeps what it receives and answers as a test scripts it to."""

import asyncio
import email
import email.policy
import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage
    peer: tuple


@dataclass
class MailHandler:
    """Accepts everything, unless told to answer otherwise: each string queued in
    `rcpt_answers` / `data_answers` is the answer to the next RCPT / DATA command."""

    delay: float = 0.0
    rcpt_answers: list[str] = field(default_factory=list)
    data_answers: list[str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    attempts: int = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_answers:
            answer = self.rcpt_answers.pop(0)
            if not answer.startswith("2"):
                return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.data_answers:
            answer = self.data_answers.pop(0)
            if not answer.startswith("2"):
                return answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message, session.peer)
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    def __init__(self, handler: MailHandler | None = None):
        self.handler = handler or MailHandler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=free_port())

    @property
    def port(self) -> int:
        return self.controller.port

    def mailers(self, timeout: float = 5) -> dict:
        """The MAILERS setting that sends through this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "127.0.0.1",
                    "port": self.port,
                    "use_tls": False,
                    "timeout": timeout,
                },
            }
        }

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
