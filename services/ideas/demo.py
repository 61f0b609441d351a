"""Demo data: three challenges and three dozen ideas across departments and statuses.

``load_demo()`` (run by ``flask eservices load-demo``) adds what is missing and
nothing else: a challenge is known by its slug and an idea by its journey id
(``demo-<key>``), so loading twice adds nothing.  Everything is the same every
time - no randomness - except the dates, which are days before today
(``tk.clock``) so that the statistics page always shows a year of numbers.

Each idea gets the history its status implies (inkommen → bedöms → coachas →
testas → genomförd, or closed or parked after screening), with a public answer
at every step, the first of them ``answered_after`` days after it was
submitted; supports from fictitious mobile numbers (+46 70-174 08xx, the range
the demo keeps for fiction) and a staff member; internal notes and a comment on
a few; the demo account ``coach`` as the coach of those being coached.  The
seed's two: textile reuse with jobs at the reuse market (being tested, linked
to the prototype module ``textile_reuse``) and the digital waste-subscription
change that became "Avfallsaffären" (implemented, ``waste_subscription``, in the
showcase).  History rows are written as they were; the audit log has no
entries for them, since no member of staff did these things.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from eservices import toolkit as tk

from . import statuses as st
from .demo_ideas import CHALLENGES, IDEAS, DemoChallenge, DemoIdea
from .demo_texts import ANSWERS, CLOSING_ANSWERS, COMMENTS, NOTES, OWN_ANSWERS, SHOWCASES
from .models import Challenge, Comment, Idea, IdeaNote, IdeaStatusChange, Support
from .people import phone_key, staff_key

UTC = ZoneInfo("UTC")
#: The steps of history that lead to each status.
PATHS = {
    st.SUBMITTED: (),
    st.SCREENED: (st.SCREENED,),
    st.COACHED: (st.SCREENED, st.COACHED),
    st.TESTED: (st.SCREENED, st.COACHED, st.TESTED),
    st.IMPLEMENTED: (st.SCREENED, st.COACHED, st.TESTED, st.IMPLEMENTED),
    st.CLOSED: (st.SCREENED, st.CLOSED),
    st.PARKED: (st.SCREENED, st.PARKED),
}
#: Days between the later steps, when the idea is old enough for them.
STEP_DAYS = (12, 40, 90)


def _challenge(demo: DemoChallenge, today: date) -> Challenge:
    return Challenge(
        slug=demo.slug, question=demo.question, description=demo.description,
        department=demo.department, opens_on=today - timedelta(days=demo.opened_days_ago),
        closes_on=today + timedelta(days=demo.closes_in_days), phase=demo.phase,
        submissions_in=demo.submissions_in, comments_in=demo.comments_in,
        supports_in=demo.supports_in, support_threshold=demo.support_threshold,
        published=True, created_by="coach",
        created_at=datetime.combine(today - timedelta(days=demo.opened_days_ago + 7), time(9),
                                    tk.STOCKHOLM).astimezone(UTC))


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöé ", "aaoe."))


def _submitter(demo: DemoIdea, number: int) -> dict[str, object]:
    kind, name = demo.submitter
    if kind == "employee":
        return {"submitter_kind": kind, "submitter_name": name, "email_verified": True,
                "email": f"{_ascii(name)}@exempelkommun.se"}
    if number % 2:
        return {"submitter_kind": kind, "submitter_name": name,
                "phone": f"+46701740{700 + number:03d}"}
    return {"submitter_kind": kind, "submitter_name": name,
            "email": f"{_ascii(name)}{number}@example.se"}


def _step_times(submitted: datetime, now: datetime, demo: DemoIdea) -> list[datetime]:
    """When each step of the idea's history happened: the first at ``answered_after``
    days, the later ones ``STEP_DAYS`` apart, squeezed before now if the idea is young."""
    steps = PATHS[demo.status]
    if not steps or demo.answered_after is None:
        return []
    offsets = [demo.answered_after]
    for gap in STEP_DAYS[:len(steps) - 1]:
        offsets.append(offsets[-1] + gap)
    room = (now - submitted).total_seconds() / 86400 - 0.5
    if offsets[-1] > room:  # a young idea moved faster than the usual pace
        first, span = offsets[0], offsets[-1] - offsets[0]
        offsets = [first + (o - first) * (room - first) / span for o in offsets]
    return [submitted + timedelta(days=o) for o in offsets]


def _answer(demo: DemoIdea, status: str) -> str:
    own = OWN_ANSWERS.get((demo.key, status))
    if own:
        return own
    return CLOSING_ANSWERS[demo.closed_reason] if status == st.CLOSED else ANSWERS[status]


def _idea(demo: DemoIdea, number: int, now: datetime, today: date,
          challenges: dict[str, Challenge]) -> Idea:
    submitted = datetime.combine(today - timedelta(days=demo.days_ago),
                                 time(8 + number % 8, 15 * (number % 4)),
                                 tk.STOCKHOLM).astimezone(UTC)
    challenge = challenges.get(demo.challenge)
    idea = Idea(reference=f"IDE-DEMO-{number:04d}", journey_id=f"demo-{demo.key}",
                title=demo.title, problem=demo.problem, proposal=demo.proposal,
                beneficiaries=demo.beneficiaries, department=demo.department,
                challenge_id=challenge.id if challenge else None,
                wants_to_take_part=number % 3 == 0, language="sv", submitted_at=submitted,
                status=demo.status, status_changed_at=submitted, coach=demo.coach,
                closed_reason=demo.closed_reason,
                prototype_module_id=demo.prototype_module_id, **_submitter(demo, number))
    tk.db.session.add(idea)
    tk.db.session.flush()
    previous = st.SUBMITTED
    for status, at in zip(PATHS[demo.status], _step_times(submitted, now, demo), strict=False):
        tk.db.session.add(IdeaStatusChange(
            idea_id=idea.id, from_status=previous, to_status=status,
            closed_reason=demo.closed_reason if status == st.CLOSED else "",
            public_answer=_answer(demo, status), notified=True,
            changed_by=demo.coach or "coach", changed_at=at))
        idea.first_answered_at = idea.first_answered_at or at
        idea.status_changed_at = at
        if status == st.IMPLEMENTED:
            idea.implemented_at = at
        previous = status
    _extras(idea, demo, submitted)
    return idea


def _extras(idea: Idea, demo: DemoIdea, submitted: datetime) -> None:
    """Supports, notes, a comment and the showcase of one idea."""
    for n in range(demo.supports):
        tk.db.session.add(Support(idea_id=idea.id, supporter_key=phone_key(
            f"+46701740{800 + n:03d}"), kind="phone",
            created_at=submitted + timedelta(hours=6 + 11 * n)))
    if demo.supports:
        tk.db.session.add(Support(idea_id=idea.id, supporter_key=staff_key("handlaggare"),
                                  kind="staff", created_at=submitted + timedelta(hours=3)))
    for n, body in enumerate(NOTES.get(demo.key, ())):
        tk.db.session.add(IdeaNote(idea_id=idea.id, body=body, written_by="coach",
                                   written_at=submitted + timedelta(days=4 + 9 * n)))
    for n, (author, body) in enumerate(COMMENTS.get(demo.key, ())):
        tk.db.session.add(Comment(idea_id=idea.id, body=body, author_name=author,
                                  author_key=phone_key(f"+46701740{900 + n:03d}"),
                                  created_at=submitted + timedelta(days=1 + 2 * n)))
    if demo.key in SHOWCASES:
        idea.showcase_story, idea.showcase_credits = SHOWCASES[demo.key]
        idea.showcase_published = True


def load_demo() -> None:
    """Add the demo challenges and ideas that are not there yet, and commit."""
    now, today = tk.clock.now(), tk.clock.today()
    challenges = {c.slug: c for c in tk.db.session.scalars(
        select(Challenge).where(Challenge.slug.in_([d.slug for d in CHALLENGES])))}
    for demo in CHALLENGES:
        if demo.slug not in challenges:
            challenges[demo.slug] = _challenge(demo, today)
            tk.db.session.add(challenges[demo.slug])
    tk.db.session.flush()
    present = set(tk.db.session.scalars(select(Idea.journey_id).where(
        Idea.journey_id.in_([f"demo-{d.key}" for d in IDEAS]))))
    for number, demo in enumerate(IDEAS, start=1):
        if f"demo-{demo.key}" not in present:
            _idea(demo, number, now, today, challenges)
    tk.db.session.commit()
