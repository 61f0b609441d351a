"""``flask notifications``: look at the outbox, test a provider, purge old content, sweep."""

from __future__ import annotations

import json
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from eservices import clock
from eservices.db import db
from eservices.privacy import mask_recipient

from .api import InvalidRecipient, MessageTooLong, send_sms
from .delivery import sweep_report
from .models import Notification
from .providers import webhook_token
from .retention import purge_content_older_than

notifications_cli = AppGroup("notifications", help="SMS and e-mail: outbox, tests, upkeep.")


@notifications_cli.command("outbox")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def outbox(limit: int, as_json: bool) -> None:
    """Print the latest messages (newest first)."""
    rows = db.session.scalars(select(Notification).order_by(Notification.created_at.desc())
                              .limit(limit)).all()
    if as_json:
        click.echo(json.dumps([{
            "id": n.id, "channel": n.channel, "to": n.recipient, "subject": n.subject,
            "body": n.body, "status": n.status, "reference": n.reference,
            "template": n.template, "segments": n.segments, "provider": n.provider,
            "created_at": n.created_at.isoformat()} for n in rows], ensure_ascii=False,
            indent=2))
        return
    for n in rows:
        click.echo(f"{n.created_at:%Y-%m-%d %H:%M} {n.channel:5} "
                   f"{mask_recipient(n.recipient, n.channel):22} {n.status:17} {n.reference}")
        click.echo(f"    {n.body[:200]}")


@notifications_cli.command("send-sms")
@click.option("--to", "to", required=True, help="Mobile number, e.g. 070-123 45 67.")
@click.option("--body", required=True)
@click.option("--category", default="alert", show_default=True,
              help="Message category; the default is sent even in quiet hours.")
@click.option("--wait/--no-wait", default=True, help="Wait for the hand-over and report it.")
def send_test_sms(to: str, body: str, category: str, wait: bool) -> None:
    """Send one SMS through the configured provider (checks a provider set-up)."""
    try:
        notification = send_sms(to, body=body, category=category, module_id="platform",
                                reference="cli-test")
    except (InvalidRecipient, MessageTooLong) as exc:
        raise click.ClickException(str(exc)) from exc
    notification_id = notification.id
    db.session.commit()
    if not wait:
        click.echo(f"Queued {notification_id}.")
        return
    current_app.extensions["notifications.dispatcher"].wait_idle(timeout=60)
    db.session.expire_all()
    notification = db.session.get(Notification, notification_id)
    click.echo(f"{notification_id}: {notification.status} via {notification.provider or '-'}"
               + (f" ({notification.error_code})" if notification.error_code else ""))
    if notification.status == "created" and notification.next_attempt_at:
        click.echo(f"Waiting until {notification.next_attempt_at:%Y-%m-%d %H:%M} UTC "
                   "(quiet hours, a retry or the per-recipient limit).")


@notifications_cli.command("purge")
def purge() -> None:
    """Remove message content and recipients older than NOTIFICATION_RETENTION_DAYS."""
    days = current_app.config["NOTIFICATION_RETENTION_DAYS"]
    cutoff = clock.now() - timedelta(days=days)
    messages, replies = purge_content_older_than(cutoff)
    db.session.commit()
    click.echo(f"Purged {messages} messages and {replies} replies older than "
               f"{days} days.")


@notifications_cli.command("sweep")
@click.option("--wait", "wait_seconds", default=300.0, show_default=True,
              help="Seconds to wait for in-process hand-overs before exiting.")
def sweep_command(wait_seconds: float) -> None:
    """Settle interrupted hand-overs and send messages left waiting (what the periodic
    sweeper does); in-process, the command hands them over before it exits."""
    report = sweep_report()
    reconciled = report.reconciled
    click.echo(f"Interrupted hand-overs: {reconciled.found} found at the provider, "
               f"{reconciled.resent} to send again, {reconciled.unanswered} not answered "
               "(asked again next sweep).")
    dispatcher = current_app.extensions["notifications.dispatcher"]
    if current_app.config["TASK_BACKEND"] == "celery":
        click.echo(f"Queued {len(report.queued)} messages for the Celery workers.")
        return
    done = dispatcher.wait_idle(timeout=wait_seconds)
    dispatcher.shutdown()  # retry timers die with the process; the rows wait for a sweep
    counts: dict[str, int] = {}
    if report.queued:
        counts = dict(db.session.execute(
            select(Notification.status, func.count()).where(
                Notification.id.in_(report.queued)).group_by(Notification.status)).all())
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    click.echo(f"Queued {len(report.queued)} messages" + (f": {summary}." if summary else "."))
    if not done:
        click.echo(f"Still handing over after {wait_seconds:g} s; the rest is left to the "
                   "next sweep.")


@notifications_cli.command("webhook-urls")
def webhook_urls() -> None:
    """The URLs to configure at the SMS providers for replies (STOPP) and receipts."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") or "https://<PUBLIC_BASE_URL>"
    click.echo(f"Twilio incoming messages: {base}/notifications/webhooks/twilio/inbound")
    click.echo(f"46elks incoming SMS:      {base}/notifications/webhooks/46elks/inbound/"
               f"{webhook_token('46elks-inbound')}")
    click.echo("Delivery receipts are requested per message; nothing to configure.")
