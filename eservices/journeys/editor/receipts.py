"""Receipts: the SMS or e-mail a resident gets after sending, edited by the designer.

What the designer must see before a single resident pays for it: the text
filled with long sample answers (``integrity.sample_text``), how many SMS
segments it takes and in which encoding (one emoji turns 160 characters into
70), what it costs, and a warning when it is over the operator's limit.  A
test goes to the outbox through the real notification layer, so what the
designer's phone shows is what a resident's will.

Handlers only; ``blueprint.py`` maps them.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from notifications import api as notifications
from notifications.segments import measure

from ... import limits
from ...db import db
from ...i18n import current_language
from ...staff import audit
from .. import store
from ..integrity import sample_text
from ..models import JourneyRecord
from ..schema import JourneyDefinition, Receipt
from .common import confirm, revision_of, save
from .forms import EditorForm
from .receipts_forms import CHANNELS, receipt_form, recipients, test_message_form, text_groups
from .texts_base import language_names, load, render

#: Tests one designer may send in an hour: enough to try every language, not a bulk sender.
TEST_BUDGET = limits.Budget("journey-editor-test-messages", 10, 3600)
MAX_RECEIPTS = 4


def placeholders(definition: JourneyDefinition, language: str) -> list[tuple[str, str]]:
    """("{name}", what it is replaced with) for every placeholder a receipt may use."""
    found = [("{reference}", _("The reference number")),
             ("{service}", _("The service's name"))]
    for page in definition.questions():
        assert page.question is not None
        label = page.question.label.get(language) or next(iter(page.question.label.values()),
                                                          "")
        found.append((f"{{{page.key}}}", _("The answer to “%(question)s”", question=label)))
    return found


def previews(definition: JourneyDefinition, receipt: Receipt) -> list[dict[str, Any]]:
    """The receipt in each site language, filled with sample answers, measured and priced."""
    limit = current_app.config["SMS_MAX_SEGMENTS"]
    shown = []
    for code, name in language_names().items():
        text = receipt.text.get(code, "")
        body = sample_text(definition, text, code)
        length = measure(body)
        shown.append({
            "code": code, "name": name, "missing": not text.strip(), "body": body,
            "subject": sample_text(definition, receipt.subject.get(code, ""), code),
            "length": length, "cost": notifications.estimated_cost(length.segments),
            "too_long": receipt.channel == "sms" and length.segments > limit, "limit": limit})
    return shown


def _receipt_problems(definition: JourneyDefinition) -> list[Any]:
    return [problem for problem in store.problems_of(definition)
            if problem.field.startswith("receipt-")]


def _number_or_404(definition: JourneyDefinition, number: int) -> Receipt:
    if not 1 <= number <= len(definition.receipts):
        abort(404)
    return definition.receipts[number - 1]


def receipts(slug: str):
    record, definition = load(slug)
    listed = [{"number": number, "receipt": receipt,
               "to": next((label for key, label, _c in recipients(definition)
                           if key == receipt.to), receipt.to),
               "previews": previews(definition, receipt)}
              for number, receipt in enumerate(definition.receipts, start=1)]
    return render("receipts_list.html", record, definition, "receipts", listed=listed,
                  channels=CHANNELS, problems=_receipt_problems(definition),
                  can_add=len(definition.receipts) < MAX_RECEIPTS,
                  placeholders=placeholders(definition, current_language()))


def _with_receipts(definition: JourneyDefinition, receipts: list[Receipt]) -> JourneyDefinition:
    return definition.replace(receipts=[r.model_dump(mode="json") for r in receipts])


def _edit(record: JourneyRecord, definition: JourneyDefinition, number: int | None):
    """The add and change pages: one form, a preview button, and a save."""
    existing = definition.receipts[number - 1] if number is not None else None
    if request.method == "GET":
        form = receipt_form(definition, existing, formdata=None,
                            revision=str(record.draft_revision))
    else:
        form = receipt_form(definition)
    shown = previews(definition, existing) if existing is not None else []
    error = ""
    if request.method == "POST" and form.validate():
        receipt = form.receipt()
        if request.form.get("action") == "preview":
            shown = previews(definition, receipt)
        else:
            changed = list(definition.receipts)
            if number is None:
                changed.append(receipt)
            else:
                changed[number - 1] = receipt
            try:
                save(record, _with_receipts(definition, changed),
                     revision_of(form.revision.data), "journey_receipt_saved",
                     f"receipt {number or len(changed)}")
            except store.JourneyRefused as refused:
                error = str(refused)
            else:
                return redirect(url_for(".receipts", slug=record.slug), code=303)
    return render("receipts_edit.html", record, definition, "receipts",
                  409 if error else 200, form=form, groups=text_groups(form), number=number,
                  previews=shown, error=error,
                  placeholders=placeholders(definition, current_language()),
                  no_recipients=not recipients(definition))


def receipt_new(slug: str):
    record, definition = load(slug)
    if len(definition.receipts) >= MAX_RECEIPTS:
        flash(_("A journey can send at most %(count)s receipts", count=MAX_RECEIPTS), "warning")
        return redirect(url_for(".receipts", slug=slug))
    return _edit(record, definition, None)


def receipt_edit(slug: str, number: int):
    record, definition = load(slug)
    _number_or_404(definition, number)
    return _edit(record, definition, number)


def receipt_delete(slug: str, number: int):
    record, definition = load(slug)
    receipt = _number_or_404(definition, number)
    form = EditorForm()

    def delete() -> None:
        kept = [r for index, r in enumerate(definition.receipts, start=1) if index != number]
        save(record, _with_receipts(definition, kept), revision_of(form.revision.data),
             "journey_receipt_deleted", f"receipt {number}")

    done, error = confirm(form, record, delete)
    if done:
        return redirect(url_for(".receipts", slug=slug), code=303)
    return render("receipts_delete.html", record, definition, "receipts",
                  409 if error else 200, form=form, number=number, receipt=receipt,
                  channels=CHANNELS, error=error)


def receipt_test(slug: str, number: int):
    """Send the preview (sample answers filled in) to a number or address the designer types."""
    record, definition = load(slug)
    receipt = _number_or_404(definition, number)
    form = test_message_form(receipt.channel)
    if request.method == "GET":
        form.language.data = current_language() if current_language() in language_names() else None
    status = 200
    if request.method == "POST" and form.validate():
        status = _send_test(record, definition, receipt, form)
        if status == 302:
            return redirect(url_for(".receipts", slug=slug), code=303)
    return render("receipts_test.html", record, definition, "receipts", status, form=form,
                  number=number, receipt=receipt, channels=CHANNELS,
                  previews=previews(definition, receipt))


def _send_test(record: JourneyRecord, definition: JourneyDefinition, receipt: Receipt,
               form: Any) -> int:
    """Queue the test; 302 when sent, else the status of the page that says why not."""
    code = form.language.data
    if not receipt.text.get(code, "").strip():
        form.language.errors = [_("The receipt has no text in %(language)s yet",
                                  language=language_names()[code])]
        return 200
    verdict = limits.check(TEST_BUDGET, g.staff_user.username)
    if not verdict.allowed:
        form.recipient.errors = [_("You have sent as many tests as allowed for now.") + " "
                                 + verdict.wait_text()]
        return 429
    body = sample_text(definition, receipt.text[code], code)
    try:
        if receipt.channel == "sms":
            notifications.send_sms(form.recipient.data, body=body, language=code,
                                   category="test", module_id=record.module_id, verified=True)
        else:
            notifications.send_email(
                form.recipient.data, subject=sample_text(
                    definition, receipt.subject.get(code, ""), code), body=body,
                language=code, category="test", module_id=record.module_id, verified=True)
    except notifications.InvalidRecipient:
        form.recipient.errors = [
            _("Enter a mobile number, like 070 123 45 67") if receipt.channel == "sms"
            else _("Enter an e-mail address, like name@example.com")]
        return 200
    except notifications.MessageTooLong:
        form.recipient.errors = [_("The SMS is longer than allowed; shorten it before "
                                   "sending a test")]
        return 200
    limits.hit(TEST_BUDGET, g.staff_user.username)
    audit.record("journey_test_message_sent", subject=record.slug,
                 module_id=record.module_id, channel=receipt.channel, language=code)
    db.session.commit()
    flash(_("The test is in the outbox: %(channel)s in %(language)s",
            channel=CHANNELS[receipt.channel], language=language_names()[code]), "success")
    return 302
