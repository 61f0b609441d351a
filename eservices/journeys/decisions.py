"""Deciding a case from a built journey, and telling the resident.

A decision is the case kit's compare-and-set (``staff.cases.transition``) from
the status the handläggare *saw* when the page was loaded, so of two tabs (or
two colleagues) the second is refused instead of deciding over a change it
never saw.  The decision row, the audit record and the message to the resident
are written in the caller's transaction.

Who is told, and how, comes from the version the resident submitted: each of
its receipts names the mobile or e-mail question it goes to, so a decision
goes where the receipt went, in the resident's language.  The message is
written in a savepoint: if it is refused (an address that no longer parses,
a text too long for the SMS limit) the decision still stands, and the caller
hears that nobody was told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from notifications import api as notify

from .. import clock
from ..db import db
from ..i18n import site_languages
from ..languages.current import writing_in
from ..staff import audit
from ..staff.cases import StatusConflict, transition
from . import store
from .models import JourneyDecision, JourneyRecord, JourneySubmission
from .schema import JourneyDefinition

log = logging.getLogger(__name__)

STATUSES = ("new", "in_progress", "done", "rejected")
STATUS_LABELS = {"new": _l("New"), "in_progress": _l("In progress"), "done": _l("Done"),
                 "rejected": _l("Rejected")}
# Inside a sentence: "The case is already done".
STATUS_WORDS = {"new": _l("new"), "in_progress": _l("being handled"), "done": _l("done"),
                "rejected": _l("rejected")}
#: The status a case may move to -> the statuses it may move from.
ALLOWED_FROM = {"in_progress": ("new",), "done": ("new", "in_progress"),
                "rejected": ("new", "in_progress")}
#: Decisions that close a case need a reason: the resident is told why.
REASON_REQUIRED = frozenset({"done", "rejected"})
REASON_MAX = 1000
SMS_REASON_LIMIT = 120  # what is left of a long reason when the whole does not fit an SMS


def next_statuses(status: str) -> list[str]:
    """The statuses a case in ``status`` can be moved to, in queue order."""
    return [to for to in STATUSES if status in ALLOWED_FROM.get(to, ())]


@dataclass
class Outcome:
    """What a decision did: its row, and the channels the resident was (not) told by."""

    decision: JourneyDecision
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def decide(record: JourneyRecord, submission: JourneySubmission, seen_status: str,
           to_status: str, reason: str, username: str) -> Outcome:
    """Move the case from ``seen_status`` to ``to_status`` and tell the resident.

    Raises ``StatusConflict`` (translated ``message``) when the case is no longer in
    ``seen_status`` or cannot go to ``to_status`` from it; the caller rolls back.
    """
    reason = reason.strip()
    if to_status not in ALLOWED_FROM or seen_status not in ALLOWED_FROM[to_status]:
        raise StatusConflict(_l("A case that is %(status)s cannot be moved there.",
                                status=STATUS_WORDS.get(seen_status, seen_status)),
                             submission.status)
    if to_status in REASON_REQUIRED and not reason:
        raise StatusConflict(_l("Enter the reason the resident is told"), submission.status)
    from_status = submission.status
    transition(submission, (seen_status,), to_status, username,
               action=f"journey_case_{to_status}", module_id=record.module_id,
               words=STATUS_WORDS, version=submission.version_number)
    decision = JourneyDecision(submission_id=submission.id, from_status=from_status,
                               to_status=to_status, reason=reason, decided_by=username)
    db.session.add(decision)
    submission.status_changed_at = decision.decided_at = clock.now()
    db.session.flush()
    outcome = Outcome(decision)
    notify_resident(record, submission, decision, outcome)
    return outcome


# -- telling the resident --------------------------------------------------------------

def contacts(definition: JourneyDefinition | None, submission: JourneySubmission
             ) -> list[tuple[str, str]]:
    """(channel, address) for each receipt of the version the answers give an address for."""
    if definition is None:
        return []
    values = (submission.answers or {}).get("values", {})
    found: list[tuple[str, str]] = []
    for receipt in definition.receipts:
        address = values.get(receipt.to)
        if isinstance(address, str) and address.strip() and \
                (receipt.channel, address) not in found:
            found.append((receipt.channel, address.strip()))
    return found


def _language(submission: JourneySubmission) -> str:
    return site_languages().usable(submission.language)


def _service_name(definition: JourneyDefinition, language: str) -> str:
    return definition.name.get(language) or next(iter(definition.name.values()), "")


def message(definition: JourneyDefinition, submission: JourneySubmission, status: str,
            reason: str) -> tuple[str, str]:
    """(subject, text) of the decision in the resident's language."""
    language = _language(submission)
    with writing_in(language):
        reference = submission.reference
        sentences = {
            "in_progress": _("We have started handling your case %(reference)s.",
                             reference=reference),
            "done": _("Your case %(reference)s is done.", reference=reference),
            "rejected": _("Your case %(reference)s has been rejected.", reference=reference),
        }
        subject = _("Decision on your case %(reference)s", reference=reference)
        text = sentences[status]
        if reason:
            text += " " + _("Reason: %(reason)s", reason=reason)
        service = _service_name(definition, language)
        return subject, f"{service}: {text}" if service else text


def notify_resident(record: JourneyRecord, submission: JourneySubmission,
                    decision: JourneyDecision, outcome: Outcome) -> None:
    """One message per receipt channel; a refused one is logged, audited and reported."""
    definition = store.definition_of(record, submission.version_number)
    for channel, address in contacts(definition, submission):
        assert definition is not None
        try:
            with db.session.begin_nested():
                _send(definition, submission, decision, channel, address)
        except (notify.InvalidRecipient, notify.MessageTooLong, ValueError) as refused:
            log.warning("decision on %s not sent by %s: %s", submission.reference, channel,
                        refused)
            audit.record("journey_case_not_notified", subject=submission.reference,
                         module_id=record.module_id, channel=channel)
            outcome.failed.append(channel)
        else:
            outcome.sent.append(channel)


def _send(definition: JourneyDefinition, submission: JourneySubmission,
          decision: JourneyDecision, channel: str, address: str) -> None:
    common = {"language": _language(submission), "category": "decision",
              "reference": submission.reference, "module_id": submission.module_id,
              "verified": True,  # a staff action: not a resident's budgeted message
              "idempotency_key": f"decision:{submission.reference}:{decision.id}"}
    reason = decision.reason
    if channel == "email":
        subject, text = message(definition, submission, decision.to_status, reason)
        notify.send_email(address, subject=subject, body=text, **common)
        return
    # A long reason cannot go in an SMS; shortened, or left out as a last resort.
    short = reason if len(reason) <= SMS_REASON_LIMIT else \
        reason[:SMS_REASON_LIMIT].rstrip() + "…"
    for candidate in dict.fromkeys((reason, short, "")):
        _, text = message(definition, submission, decision.to_status, candidate)
        try:
            notify.send_sms(address, body=text, **common)
            return
        except notify.MessageTooLong:
            continue
    raise notify.MessageTooLong("the decision does not fit an SMS")


def history(submission: JourneySubmission) -> list[JourneyDecision]:
    """The case's decisions, oldest first."""
    return list(db.session.scalars(
        db.select(JourneyDecision).where(JourneyDecision.submission_id == submission.id)
        .order_by(JourneyDecision.decided_at, JourneyDecision.id)))
