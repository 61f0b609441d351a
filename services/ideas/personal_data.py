"""What the idea lock keeps about people: its part of Mina sidor, erasure and retention.

An idea is tied to its giver by the contact details they left (an e-mail
address, a mobile number); supports and comments by a keyed hash of the
verified number (``people.phone_key``), never the number, so a resident's
proven numbers find them by computing the same key.  Employees who support
as staff are keyed by their username and are not residents here.

What may go and what stays: an idea is the municipality's working material
(and may be public, on the showcase), so its text stays; its giver's name and
contact details go, on erasure and a year after the idea was finished or
closed.  A person's supports and comments are theirs alone and go entirely.
The one-time codes (to support or comment) are never stored - only a keyed
hash in the browser's session and the platform's limit counters - so there
is no code retention here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, false, func, or_, select, update

from eservices import toolkit as tk

from . import messages, settings
from .models import Comment, Idea, IdeaAttachment, IdeaStatusChange, Support
from .people import phone_key
from .statuses import FINAL_STATUSES, status_label

#: The days a finished or closed idea keeps its giver's name and contact details.
CONTACT_DAYS = 365
_ANONYMOUS = {"submitter_name": "", "email": "", "phone": "", "email_verified": False}


def _given_by(subject: tk.DataSubject) -> Any:
    conditions = []
    if subject.email_addresses:
        conditions.append(func.lower(Idea.email).in_(subject.email_addresses))
    if subject.phone_numbers:
        conditions.append(Idea.phone.in_(subject.phone_numbers))
    return or_(*conditions) if conditions else false()


def _keys(subject: tk.DataSubject) -> list[str]:
    return [phone_key(phone) for phone in subject.phone_numbers]


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _idea_record(idea: Idea) -> dict[str, Any]:
    history = tk.db.session.scalars(select(IdeaStatusChange).where(
        IdeaStatusChange.idea_id == idea.id).order_by(IdeaStatusChange.id))
    files = tk.db.session.scalars(select(IdeaAttachment).where(
        IdeaAttachment.idea_id == idea.id).order_by(IdeaAttachment.id))
    return {
        "reference": idea.reference, "title": idea.title, "problem": idea.problem,
        "proposal": idea.proposal, "beneficiaries": idea.beneficiaries,
        "department": idea.department, "challenge_id": idea.challenge_id,
        "wants_to_take_part": idea.wants_to_take_part, "submitter_kind": idea.submitter_kind,
        "submitter_name": idea.submitter_name, "email": idea.email, "phone": idea.phone,
        "email_verified": idea.email_verified, "language": idea.language,
        "submitted_at": _when(idea.submitted_at), "status": idea.status,
        "closed_reason": idea.closed_reason, "status_changed_at": _when(idea.status_changed_at),
        "answers": [{"from_status": change.from_status, "to_status": change.to_status,
                     "public_answer": change.public_answer,
                     "changed_at": _when(change.changed_at)} for change in history],
        "attachments": [{"name": file.original_name, "content_type": file.content_type,
                         "size": file.size, "uploaded_at": _when(file.uploaded_at)}
                        for file in files]}


def _idea_item(idea: Idea) -> tk.DataItem:
    details = [(_("Reference"), idea.reference),
               (_("Concerns"), settings.department_label(idea.department))]
    if idea.email:
        details.append((_("E-mail address"), idea.email))
    if idea.phone:
        details.append((_("Mobile number"), tk.display_mobile(idea.phone)))
    return tk.DataItem(title=idea.title, record=_idea_record(idea),
                       status=status_label(idea.status), when=idea.submitted_at,
                       link=messages.follow_url(idea), link_text=_("Follow your idea"),
                       details=details)


def _idea_references(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = tk.db.session.execute(select(Idea.id, Idea.reference).where(Idea.id.in_(ids)))
    return {idea_id: reference for idea_id, reference in rows}


def find(subject: tk.DataSubject) -> list[tk.DataSection]:
    ideas = tk.db.session.scalars(select(Idea).where(_given_by(subject))
                                  .order_by(Idea.submitted_at.desc(), Idea.id.desc())).all()
    keys = _keys(subject)
    comments = tk.db.session.scalars(select(Comment).where(Comment.author_key.in_(keys))
                                     .order_by(Comment.created_at.desc())).all() if keys else []
    supports = tk.db.session.scalars(select(Support).where(Support.supporter_key.in_(keys))
                                     .order_by(Support.created_at.desc())).all() if keys else []
    references = _idea_references({row.idea_id for row in (*comments, *supports)})
    activity = [tk.DataItem(
        title=_("Your comment on idea %(reference)s", reference=references.get(c.idea_id, "")),
        when=c.created_at, status=_("Hidden") if c.hidden_at else None,
        record={"idea": references.get(c.idea_id), "body": c.body,
                "author_name": c.author_name, "created_at": _when(c.created_at),
                "hidden_at": _when(c.hidden_at)}, details=[(_("Comment"), c.body)])
        for c in comments]
    activity += [tk.DataItem(
        title=_("Your support of idea %(reference)s", reference=references.get(s.idea_id, "")),
        when=s.created_at, record={"idea": references.get(s.idea_id),
                                   "created_at": _when(s.created_at)})
        for s in supports]
    return [tk.DataSection(key="ideas", title=_("Your ideas"),
                           items=[_idea_item(idea) for idea in ideas],
                           empty_text=_("You have not submitted any ideas.")),
            tk.DataSection(key="idea_activity", title=_("Your supports and comments on ideas"),
                           items=activity,
                           empty_text=_("You have not supported or commented on any ideas."))]


def erase(subject: tk.DataSubject) -> tk.ErasureOutcome:
    """Ideas lose their giver's name and contact; supports and comments go."""
    anonymised = tk.db.session.execute(
        update(Idea).where(_given_by(subject)).values(**_ANONYMOUS)
        .execution_options(synchronize_session=False)).rowcount or 0
    removed = 0
    keys = _keys(subject)
    if keys:
        removed += tk.db.session.execute(delete(Comment).where(Comment.author_key.in_(keys))
                                         .execution_options(synchronize_session=False)
                                         ).rowcount or 0
        removed += tk.db.session.execute(delete(Support).where(Support.supporter_key.in_(keys))
                                         .execution_options(synchronize_session=False)
                                         ).rowcount or 0
    kept = [tk.KeptData(
        what=_("The text of your ideas"),
        reason=_("An idea is part of the municipality's development work and may be shown "
                 "publicly, so its text is kept, without your name and contact details. You "
                 "will get no more messages about it."))] if anonymised else []
    tk.db.session.expire_all()
    return tk.ErasureOutcome(removed=removed, anonymised=anonymised, kept=kept)


def drop_contact_details(cutoff: datetime) -> int:
    """Retention "contact": finished or closed before ``cutoff`` -> no name or contact."""
    return tk.db.session.execute(
        update(Idea).where(Idea.status.in_(FINAL_STATUSES), Idea.status_changed_at < cutoff,
                           or_(Idea.submitter_name != "", Idea.email != "", Idea.phone != ""))
        .values(**_ANONYMOUS).execution_options(synchronize_session=False)).rowcount or 0


PERSONAL_DATA = tk.PersonalData(
    resident_data=tk.ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
    retention=(tk.Retention(
        "contact", "cases", CONTACT_DAYS, f"{__name__}:drop_contact_details",
        _l("The idea giver's name, e-mail address and mobile number, counted from when the "
           "idea was implemented or closed: a year for questions and for crediting the idea "
           "giver on the showcase. The idea's text is kept.")),))
