"""Reporting an idea or a comment as offensive or off-topic, and hiding it after enough.

Anyone may report, without proving who they are: the reporter is the proved
person if there is one, else the client, as a keyed hash (``people``).  One
report per reporter and item (a unique index, so a double click reports
once), and reports per client per hour are limited.  When an item has
``IDEAS_REPORTS_TO_HIDE`` open reports it is hidden pending review - a
compare-and-set on ``hidden_at`` so it is hidden, and its idea giver told,
once - and staff review it (``moderation.py``).  The hiding happens in the
same commit as the report that tipped it, with the message to the idea giver.
"""

from __future__ import annotations

import contextlib
from collections import Counter

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from eservices import toolkit as tk

from . import settings
from .messages import send_to_idea_giver
from .meta import MODULE_ID
from .models import Comment, ContentReport, Idea
from .people import reporter_key
from .public import idea_by_reference, render_idea
from .public_forms import OFF_TOPIC, OFFENSIVE, ReportForm

REPORTS_PER_CLIENT = tk.Budget("ideas-reports-per-client", 20, 3600)
MODELS = {"idea": Idea, "comment": Comment}


def open_reasons(kind: str, target_id: int) -> list[str]:
    return list(tk.db.session.scalars(select(ContentReport.reason).where(
        ContentReport.target_kind == kind, ContentReport.target_id == target_id,
        ContentReport.outcome == "")).all())


def reason_text(reason: str, language: str) -> str:
    """A report's reason in the idea giver's language (a message, not this page's)."""
    with tk.in_language(MODULE_ID, language) as t:
        return {OFFENSIVE: t.gettext("It is offensive"),
                OFF_TOPIC: t.gettext("It is off-topic")}.get(reason, "")


def tell_idea_giver(idea: Idea, template: str, occasion: str) -> None:
    """Tell the idea giver why their idea is hidden; ``occasion`` makes the key unique."""
    # When the platform's budget for messages sent from resident pages is spent, the
    # idea is hidden all the same (staff see it in the moderation list).
    with contextlib.suppress(tk.SendRefused):
        send_to_idea_giver(idea, template, idempotency_key=f"ideas-{template}:{occasion}",
                           category="moderation",
                           personalisation={"reason": reason_text(idea.hidden_reason,
                                                                  idea.language)})


def hide_if_due(kind: str, target_id: int) -> bool:
    """Hide the item once it has enough open reports; True when this call hid it."""
    reasons = open_reasons(kind, target_id)
    if len(reasons) < settings.reports_to_hide():
        return False
    model, now = MODELS[kind], tk.clock.now()
    reason = Counter(reasons).most_common(1)[0][0]
    hid = tk.db.session.execute(
        update(model).where(model.id == target_id, model.hidden_at.is_(None))
        .values(hidden_at=now, hidden_reason=reason)
        .execution_options(synchronize_session=False)).rowcount
    if not hid:
        return False
    subject = f"comment:{target_id}"
    if kind == "idea":
        idea = tk.db.session.get(Idea, target_id)
        tk.db.session.refresh(idea)
        subject = idea.reference
        tell_idea_giver(idea, "hidden", f"{idea.reference}:{int(now.timestamp())}")
    tk.audit.record("hidden_by_reports", subject=subject, module_id=MODULE_ID, reason=reason,
                    reports=len(reasons))
    return True


def _report(kind: str, target_id: int, reference: str, heading_target: str):
    form = ReportForm()
    back = url_for("ideas.public_idea", reference=reference)
    if not form.validate_on_submit():
        return render_template("ideas/public/report.html", form=form, back=back,
                               target=heading_target, refused=[]), 400 if form.errors else 200
    try:
        tk.limits.enforce(REPORTS_PER_CLIENT, tk.limits.client_key(), _(
            "You have sent many reports in a short while. Wait an hour and try again."))
    except tk.LimitReached as limit:
        tk.db.session.commit()
        return render_template("ideas/public/report.html", form=form, back=back,
                               target=heading_target, refused=[limit.message]), 429
    reporter = reporter_key()  # before the savepoint: reading a staff session may commit
    try:
        with tk.db.session.begin_nested():
            tk.db.session.add(ContentReport(target_kind=kind, target_id=target_id,
                                            reason=form.reason.data, reporter_key=reporter))
        hide_if_due(kind, target_id)
        tk.db.session.commit()
        flash(_("Thank you. We have received your report and will review it."))
    except IntegrityError:
        tk.db.session.rollback()
        flash(_("You have already reported it. Thank you, we will review it."))
    return redirect(back, code=303)


def report_idea(reference: str):
    idea = idea_by_reference(reference)
    if idea.hidden_at is not None:
        return render_idea(idea)
    return _report("idea", idea.id, idea.reference, _("the idea “%(title)s”", title=idea.title))


def report_comment(reference: str, comment_id: int):
    idea = idea_by_reference(reference)
    comment = tk.db.session.get(Comment, comment_id)
    if comment is None or comment.idea_id != idea.id or comment.hidden_at is not None:
        abort(404)
    if idea.hidden_at is not None:
        return render_idea(idea)
    return _report("comment", comment.id, idea.reference, _("a comment on “%(title)s”",
                                                              title=idea.title))
