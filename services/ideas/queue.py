"""The coaches' queue: ideas per status, for everyone, one coach, nobody or "mine".

The page is ``tk.status_queue`` narrowed by the coach filter, so the tabs count
what the filter shows and pages stay bounded.  Contact details are masked in
the list; the idea page shows them (and logs that it did).
"""

from __future__ import annotations

from flask import abort, g, render_template, request

from eservices import toolkit as tk

from . import settings, tallies
from . import statuses as st
from .coaching import COACH_ROLES
from .models import Idea

PAGE_SIZE = 50
#: ``?coach=`` values that are not usernames.
EVERYONE, UNASSIGNED, MINE = "", "-", "me"


def _oldest_first(model, _status):
    # A queue is worked from the idea that has waited longest.
    return (model.submitted_at, model.id)


def _coach_filter(value: str) -> tuple:
    if value == EVERYONE:
        return ()
    if value == UNASSIGNED:
        return (Idea.coach == "",)
    if value == MINE:
        return (Idea.coach == g.staff_user.username,)
    return (Idea.coach == value,)


def queue():
    coach = request.args.get("coach", EVERYONE)
    members = tk.staff_members(COACH_ROLES)
    known = {m.username for m in members}
    if coach not in (EVERYONE, UNASSIGNED, MINE) and coach not in known:
        abort(404)  # a typed or stale filter: like an unknown status
    in_force = settings.statuses()
    page = tk.status_queue(Idea, in_force, default=in_force[0], page_size=PAGE_SIZE,
                           order=_oldest_first, where=_coach_filter(coach))
    names = {m.username: m.display_name for m in members}
    departments = {d.key: d.label for d in settings.departments()}
    return render_template("ideas/staff/coaching/queue.html", queue=page, statuses=in_force,
                           labels=st.LABELS, coach=coach, members=members, names=names,
                           departments=departments, args={"coach": coach} if coach else {},
                           supports=tallies.support_counts([i.id for i in page.items]),
                           filters=(EVERYONE, UNASSIGNED, MINE), mask_email=tk.mask_email,
                           mask_phone=tk.mask_phone)
