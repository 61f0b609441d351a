"""A small, exactly known set of ideas for the statistics tests (not the demo data).

The clock stands at Friday 27 November 2026; the period asked for is 1 September
to 30 November 2026.  Seven ideas fall in it, two just outside (one a minute
before midnight on 31 August in Sweden, one on 1 December):

====  ==============  =========  =========  ===========  ========  ===========
idea  department      challenge  status     submitted    answered  implemented
====  ==============  =========  =========  ===========  ========  ===========
I1    miljo           textil     genomford  2 Sep 10:00  +2 d      +60 d
I2    miljo           textil     testas     10 Sep       +10 d
I3    miljo           –          inkommen   20 Nov       –
I4    utbildning      –          bedoms     5 Oct        +20 d
I5    utbildning      textil     avslutad   6 Oct        +1 d
I6    digitalisering  –          genomford  15 Sep       +14 d     +30 d
I7    digitalisering  –          coachas    1 Sep 00:30  +3 d
I8    digitalisering  –          coachas    31 Aug 23:59 +1 d      (outside)
I9    kultur-fritid   skolmat    vilande    1 Dec 09:00  –         (outside)
====  ==============  =========  =========  ===========  ========  ===========

So: 7 submitted; 6 answered, 5 of them within 14 days (I4 was late; I6 at
exactly 14 days counts); medians 6.5 days to the first answer (1, 2, 3, 10, 14,
20) and 45.0 days to implemented (30, 60); 2 implemented, 29 %.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from eservices.clock import ControlledClock
from eservices.db import db
from services.ideas.models import Challenge, Idea

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
PERIOD = {"date_from-day": "1", "date_from-month": "9", "date_from-year": "2026",
          "date_to-day": "30", "date_to-month": "11", "date_to-year": "2026"}

# Swedish summer time ends on 25 October: before it Sweden is UTC+2, after it UTC+1.
IDEAS = (
    ("I1", "miljo", "textil", "genomford", datetime(2026, 9, 2, 8, tzinfo=UTC), 2, 60),
    ("I2", "miljo", "textil", "testas", datetime(2026, 9, 10, 9, tzinfo=UTC), 10, None),
    ("I3", "miljo", None, "inkommen", datetime(2026, 11, 20, 9, tzinfo=UTC), None, None),
    ("I4", "utbildning", None, "bedoms", datetime(2026, 10, 5, 9, tzinfo=UTC), 20, None),
    ("I5", "utbildning", "textil", "avslutad", datetime(2026, 10, 6, 9, tzinfo=UTC), 1, None),
    ("I6", "digitalisering", None, "genomford", datetime(2026, 9, 15, 9, tzinfo=UTC), 14, 30),
    ("I7", "digitalisering", None, "coachas", datetime(2026, 8, 31, 22, 30, tzinfo=UTC), 3,
     None),
    ("I8", "digitalisering", None, "coachas", datetime(2026, 8, 31, 21, 59, tzinfo=UTC), 1,
     None),
    ("I9", "kultur-fritid", "skolmat", "vilande", datetime(2026, 12, 1, 8, tzinfo=UTC), None,
     None),
)


def add_challenge(slug: str, question: str, *, opens_on: date = date(2026, 8, 1),
                  closes_on: date = date(2026, 12, 31)) -> Challenge:
    challenge = Challenge(slug=slug, question=question, opens_on=opens_on,
                          closes_on=closes_on, phase="open", published=True,
                          created_by="coach")
    db.session.add(challenge)
    db.session.flush()
    return challenge


def add_idea(name: str, department: str, status: str, submitted: datetime, *,
             challenge: Challenge | None = None, answered_after: float | None = None,
             implemented_after: float | None = None, **texts: str) -> Idea:
    """An idea as filed and handled; ``texts`` may give its title, problem and proposal."""
    idea = Idea(reference=f"IDE-TEST-{name}", journey_id=f"journey-{name}",
                **{"title": f"Idé {name}", "problem": "Ett problem", "proposal": "Ett förslag",
                   **texts},
                department=department, challenge_id=challenge.id if challenge else None,
                submitter_kind="resident", language="sv", submitted_at=submitted,
                status=status, status_changed_at=submitted)
    if answered_after is not None:
        idea.first_answered_at = submitted + timedelta(days=answered_after)
    if implemented_after is not None:
        idea.implemented_at = submitted + timedelta(days=implemented_after)
    db.session.add(idea)
    return idea


def seed(app) -> None:
    """The ideas of the table above, committed."""
    with app.app_context():
        challenges = {"textil": add_challenge("textil", "Hur kan vi minska textilavfallet?"),
                      "skolmat": add_challenge("skolmat", "Hur blir skolmaten godare?")}
        for name, department, slug, status, submitted, answered, implemented in IDEAS:
            add_idea(name, department, status, submitted,
                     challenge=challenges[slug] if slug else None, answered_after=answered,
                     implemented_after=implemented)
        db.session.commit()


def clocked_app(make_app, **settings):
    """An app whose clock stands at ``NOW``."""
    app = make_app(**settings)
    app.extensions["eservices.clock"] = ControlledClock(NOW)
    return app


def seed_with_coach(app, create_staff) -> None:
    """The ideas above and a coach ("coach") to look at them."""
    create_staff("coach", "idecoach")
    seed(app)
