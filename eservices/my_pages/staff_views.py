"""The administrators' data-subject requests: find, see, export and erase what the
platform and every module hold about one personal number, mobile number or
e-mail address.

The identifier travels only in POST bodies (never a URL, so never an access
log) and is audited only as a keyed hash with its kind: every search, view,
export and erasure is in the audit log under the same hash, so the requests
about one person can be followed without the log naming them.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..db import db
from ..staff import audit
from ..staff.export import file_response
from ..tokens import keyed_hash
from . import export, receipts
from .account import with_contacts
from .erasure import erase_everything
from .forms import LookupForm, RequestForm

HASH_PURPOSE = "data-subject-request"


def _audit(action: str, kind: str, value: str, **details) -> None:
    audit.record(action, subject=keyed_hash(HASH_PURPOSE, kind, value)[:32],
                 module_id="platform", identifier_kind=kind, **details)


def _carried() -> RequestForm | None:
    form = RequestForm()
    if form.validate_on_submit():
        return form
    flash(_("Search again: the request could not be read."), "warning")
    return None


def lookup():
    form = LookupForm()
    if not form.validate_on_submit():
        return render_template("eservices/my_pages/staff_lookup.html", form=form), (
            400 if form.errors else 200)
    kind, value = form.kind.data, form.identifier.data
    everything = export.gather(with_contacts(form.subject()))
    found = sum(part.item_count for part in everything.parts)
    _audit("data_subject_search", kind, value, accounts=len(everything.accounts),
           items=found, messages=len(everything.messages))
    _audit("data_subject_viewed", kind, value)
    db.session.commit()
    carry = RequestForm(formdata=None, kind=kind, identifier=value)
    return render_template("eservices/my_pages/staff_result.html", everything=everything,
                           carry=carry, kind=kind)


def download():
    form = _carried()
    if form is None:
        return redirect(url_for(".lookup"))
    kind, value = form.kind.data, form.identifier.data
    body = export.as_json(export.gather(with_contacts(form.subject())))
    _audit("data_subject_exported", kind, value)
    db.session.commit()
    return file_response(body, "json", export.file_name("registerutdrag"))


def erase():
    """First POST (from the result page): the confirmation; second: the erasure."""
    form = _carried()
    if form is None:
        return redirect(url_for(".lookup"))
    kind, value = form.kind.data, form.identifier.data
    subject = with_contacts(form.subject())
    if not form.request_id.data:
        confirm = RequestForm(formdata=None, kind=kind, identifier=value,
                              request_id=receipts.new_request_id())
        return render_template("eservices/my_pages/staff_erase.html", form=confirm,
                               everything=export.gather(subject), kind=kind)
    report = receipts.erase_once(form.request_id.data, lambda reference: _erased(
        subject, kind, value, reference))
    return render_template("eservices/my_pages/staff_erased.html", report=report)


def _erased(subject, kind: str, value: str, reference: str):
    report = erase_everything(subject, by="administrator", reference=reference)
    _audit("data_subject_erased", kind, value, reference=reference, complete=report.complete)
    return report
