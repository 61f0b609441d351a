"""Back office: reviewing reported ideas and comments (helper B).

Residents' reports hide an item after enough of them (``reports.py``); here a
reviewer (idécoach or administrator) sees what is hidden pending review and
what is reported but still shown, and decides: **uphold** (it stays hidden, or
is hidden now, and the idea giver is told) or **dismiss** (it is shown again).
Deciding closes the item's open reports with a compare-and-set, so two
reviewers deciding at once decide once and the second is told; every decision
is in the audit log.
"""

from __future__ import annotations

from collections import Counter

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from eservices import toolkit as tk

from .meta import MODULE_ID
from .models import ContentReport, Idea
from .public_forms import REASON_LABELS
from .reports import MODELS, open_reasons, tell_idea_giver

DECISIONS = ("uphold", "dismiss")
LISTED = 200


def _open_targets() -> dict[tuple[str, int], Counter]:
    """Every item with open reports: (kind, id) -> reasons counted."""
    rows = tk.db.session.execute(
        select(ContentReport.target_kind, ContentReport.target_id, ContentReport.reason,
               func.count(ContentReport.id)).where(ContentReport.outcome == "")
        .group_by(ContentReport.target_kind, ContentReport.target_id, ContentReport.reason)
        .limit(LISTED * 2)).all()
    found: dict[tuple[str, int], Counter] = {}
    for kind, target_id, reason, count in rows:
        found.setdefault((kind, target_id), Counter())[reason] = count
    return found


def _item(kind: str, target_id: int) -> dict | None:
    row = tk.db.session.get(MODELS[kind], target_id)
    if row is None:
        return None
    idea = row if kind == "idea" else tk.db.session.get(Idea, row.idea_id)
    text = row.problem if kind == "idea" else row.body
    return {"kind": kind, "id": target_id, "hidden": row.hidden_at is not None,
            "reference": idea.reference, "title": idea.title,
            "text": text if len(text) <= 400 else text[:400] + "…"}


def moderation():
    items = []
    for (kind, target_id), reasons in _open_targets().items():
        item = _item(kind, target_id) if kind in MODELS else None
        if item is not None:
            item["reasons"] = [(str(REASON_LABELS.get(r, r)), n) for r, n in reasons.items()]
            items.append(item)
    hidden = [i for i in items if i["hidden"]]
    shown = [i for i in items if not i["hidden"]]
    kept = tk.db.session.scalar(select(func.count(Idea.id)).where(
        Idea.hidden_at.is_not(None))) or 0
    return render_template("ideas/staff/moderation/list.html", hidden=hidden, shown=shown,
                           kept_hidden=kept - sum(1 for i in hidden if i["kind"] == "idea"),
                           form=tk.SubmitForm())


def decide(kind: str, target_id: int):
    if kind not in MODELS:
        abort(404)
    row = tk.db.session.get(MODELS[kind], target_id)
    if row is None:
        abort(404)
    form, decision = tk.SubmitForm(), request.form.get("decision", "")
    if not form.validate_on_submit() or decision not in DECISIONS:
        flash(_("Nothing was decided: the form was out of date. Try again."), "warning")
        return redirect(url_for(".moderation"), code=303)
    reasons, now = open_reasons(kind, target_id), tk.clock.now()
    closed = tk.db.session.execute(
        update(ContentReport).where(ContentReport.target_kind == kind,
                                    ContentReport.target_id == target_id,
                                    ContentReport.outcome == "")
        .values(outcome="upheld" if decision == "uphold" else "dismissed",
                reviewed_by=g.staff_user.username, reviewed_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if not closed:
        tk.db.session.rollback()
        flash(_("Someone else has just reviewed it; nothing was changed."), "warning")
        return redirect(url_for(".moderation"), code=303)
    if decision == "uphold":
        if row.hidden_at is None:
            row.hidden_at = now
            row.hidden_reason = Counter(reasons).most_common(1)[0][0]
        if kind == "idea":
            tell_idea_giver(row, "upheld", f"{row.reference}:{int(now.timestamp())}")
        flash(_("It stays hidden."))
    else:
        row.hidden_at, row.hidden_reason = None, ""
        flash(_("It is shown again."))
    tk.audit.record(f"report_{decision}", module_id=MODULE_ID,
                    subject=row.reference if kind == "idea" else f"comment:{row.id}",
                    kind=kind, reports=closed)
    tk.db.session.commit()
    return redirect(url_for(".moderation"), code=303)

