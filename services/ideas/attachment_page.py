"""The attachments page: upload files one at a time, remove them, continue.

Each upload is its own multipart POST (with its CSRF token) that stores one
file and comes back to the page, so a slow connection never loses the other
files and the page works without JavaScript.  A request body larger than the
platform's ``MAX_CONTENT_LENGTH`` would be refused with a bare 413 before any
view runs; for the upload the limit is raised to the attachment limit plus
the form's envelope (``upload_limit``), and a body larger still comes back to
the page with the same "too big" error (``too_large``), never a 5xx.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField

from eservices import toolkit as tk

from . import attachments, settings
from .journey import FLOW, not_yet
from .journey_forms import ContinueForm

UPLOAD_ENDPOINT = "ideas.attachment_upload"
ENVELOPE_BYTES = 256 * 1024  # the CSRF token, the field names, the multipart boundaries


class UploadForm(tk.QuestionForm):
    file = FileField(_l("Upload a file"))


def _change() -> str | None:
    """``change=1`` kept through uploads and removals, so "Continue" returns to check answers."""
    return "1" if request.args.get("change") == "1" else None


def _context(upload_form: UploadForm) -> dict:
    return {"upload_form": upload_form, "remove_form": tk.SubmitForm(), "change": _change(),
            "files": attachments.for_journey(FLOW.current().state.id),
            "max_files": settings.MAX_ATTACHMENTS,
            "max_mb": settings.attachment_max_bytes() // (1024 * 1024)}


def attachments_page():
    """GET shows the files; POST is "Continue" (the engine saves the step and moves on)."""
    form = UploadForm(formdata=None)
    if request.args.get("too_large"):
        form.file.errors = [attachments.too_large_message()]
    return FLOW.page("attachments", **_context(form))


def upload():
    if request.method == "GET":  # where the platform sends a POST whose form had expired
        return redirect(url_for(".attachments", change=_change()))
    journey = FLOW.current()
    early = not_yet(journey, "attachments")
    if early is not None:
        return early
    form = UploadForm()
    if form.validate_on_submit():
        try:
            attachments.store(journey.state.id, request.files.get("file"))
        except attachments.AttachmentRefused as refused:
            tk.db.session.rollback()
            form.file.errors = [refused.message]
        else:
            tk.db.session.commit()
            return redirect(url_for(".attachments", change=_change()), code=303)
    # The page again, with the error on the upload (the "Continue" form is untouched).
    step = FLOW.step("attachments")
    page = render_template(step.template, form=ContinueForm(formdata=None), step=step,
                           back=FLOW.back_url(journey, step), **_context(form))
    tk.db.session.commit()
    return page


def remove(attachment_id: int):
    journey = FLOW.current()
    if request.method == "POST" and tk.SubmitForm().validate_on_submit():
        attachments.remove(journey.state.id, attachment_id)
    return redirect(url_for(".attachments", change=_change()), code=303)


def upload_limit(endpoint: str | None, values: dict | None) -> None:
    """Before any hook reads the body: the upload may be as large as an attachment."""
    if endpoint == UPLOAD_ENDPOINT:
        request.max_content_length = settings.attachment_max_bytes() + ENVELOPE_BYTES


def too_large(error):
    """A body over the limit: back to the attachments page with the error (303)."""
    if request.endpoint == UPLOAD_ENDPOINT:
        return redirect(url_for(".attachments", too_large=1, change=_change()), code=303)
    return render_template("eservices/errors/error.html", code=413), 413
