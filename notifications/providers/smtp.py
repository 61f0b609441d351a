"""E-mail over SMTP, with STARTTLS or TLS and credentials from settings."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from .base import Accepted, Outgoing, PermanentError, RetryableError


class SmtpProvider:
    name = "smtp"
    channel = "email"

    def __init__(self, host: str, port: int, security: str, username: str, password: str,
                 sender: str, timeout: float = 10.0) -> None:
        if not host:
            raise ValueError("SMTP_HOST is required for EMAIL_PROVIDER=smtp")
        if security not in ("starttls", "ssl", "none"):
            raise ValueError("SMTP_SECURITY must be starttls, ssl or none")
        self.host, self.port, self.security = host, port, security
        self.username, self.password = username, password
        self.sender, self.timeout = sender, timeout

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            connection.starttls(context=context)
        return connection

    def send(self, message: Outgoing) -> Accepted:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
        message_id = make_msgid(domain=self.sender.rsplit("@", 1)[-1].strip(">") or None)
        email["Message-ID"] = message_id
        for name, value in message.headers.items():
            email[name] = value
        email.set_content(message.body)
        try:
            with self._connect() as connection:
                if self.username:
                    connection.login(self.username, self.password)
                connection.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = {code for code, _ in exc.recipients.values()}
            if all(400 <= code < 500 for code in codes):
                raise RetryableError("recipient temporarily refused", "smtp-4xx") from None
            raise PermanentError("recipient refused by the mail server", "smtp-5xx") from None
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise RetryableError(f"mail server answered {exc.smtp_code}",
                                     f"smtp-{exc.smtp_code}") from None
            raise PermanentError(f"mail server answered {exc.smtp_code}",
                                 f"smtp-{exc.smtp_code}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise RetryableError(f"mail server unreachable: {type(exc).__name__}",
                                 "smtp-connection") from None
        return Accepted(provider_id=message_id, status="sent")
