"""Filing a finished journey as an idea, exactly once, with its receipt.

``file_idea`` runs in the transaction that claimed the journey
(``Journey.claim``: one conditional UPDATE, so of two racing requests - a
double click, a retry, the verification link opened twice - exactly one
files).  The idea, its attachments' link to it and the receipt are written in
that same transaction: either all of them exist or none.  ``Idea.journey_id``
is unique as a second guard.
"""

from __future__ import annotations

import logging

from eservices import toolkit as tk

from . import attachments, challenge_choice, messages, settings
from .journey_forms import EMPLOYEE
from .models import Idea
from .statuses import SUBMITTED

log = logging.getLogger(__name__)

REFERENCE_PREFIX = "IDE"


def is_employee(answers: tk.Answers) -> bool:
    return answers.value("who") == EMPLOYEE


def contact_step(answers: tk.Answers) -> str:
    return "work_email" if is_employee(answers) else "contact"


def file_idea(journey: tk.Journey, answers: tk.Answers, *, verified_email: str = "",
              language: str = "") -> Idea:
    """Store the claimed journey as an idea and queue its receipt (caller commits)."""
    assert journey.reference is not None
    contact = answers.form(contact_step(answers))
    assert contact is not None
    slug = challenge_choice.chosen_slug(journey, answers.value("challenge"))
    challenge = challenge_choice.by_slug(slug) if slug else None
    employee = is_employee(answers)
    idea = Idea(
        reference=journey.reference, journey_id=journey.state.id,
        title=answers.value("title"), problem=answers.value("problem"),
        proposal=answers.value("proposal"), beneficiaries=answers.value("beneficiaries"),
        department=answers.value("department"),
        challenge_id=challenge.id if challenge is not None else None,
        wants_to_take_part=answers.value("take_part") == "yes",
        submitter_kind="employee" if employee else "resident",
        submitter_name=(contact.name.data or "").strip(),
        email=verified_email if employee else (contact.email.data or ""),
        phone="" if employee else (contact.phone.data or ""),
        email_verified=bool(employee and verified_email),
        language=language or tk.current_language(), status=SUBMITTED)
    tk.db.session.add(idea)
    tk.db.session.flush()
    attachments.link_to_idea(journey.state.id, idea)
    messages.send_to_idea_giver(idea, "receipt", idempotency_key=f"receipt:{idea.reference}",
                                category="receipt",
                                personalisation={"days": settings.answer_within_days()})
    log.info("idea %s filed (%s)", idea.reference, idea.submitter_kind)
    return idea
