"""What a challenge's phase allows: submissions, comments and supports.

A challenge moves through ``models.PHASES`` (open for ideas → voting/supports
→ selection → results) and staff choose, per challenge, in which phases it
takes new ideas, comments and supports.  New ideas also need today to fall
within the challenge's time window (``opens_on`` … ``closes_on``, Swedish
dates); comments and supports follow the phase alone, so a voting phase after
the window has closed still takes supports.

**An idea outside a challenge can always be supported and commented on**: only
a challenge sets a timetable, so an idea on its own has no phase to be past.
An unpublished challenge takes nothing from residents.

No Flask here: the rules are plain functions of a challenge and a date.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from .models import PHASES, Challenge

SUBMISSIONS, COMMENTS, SUPPORTS = "submissions", "comments", "supports"
ACTIVITIES = (SUBMISSIONS, COMMENTS, SUPPORTS)

PHASE_LABELS = {
    "open": _l("Open for ideas"),
    "voting": _l("Voting and supports"),
    "selection": _l("Selection"),
    "results": _l("Results"),
}


def phase_label(phase: str) -> str:
    return str(PHASE_LABELS.get(phase, phase))


def parse_phases(value: str) -> tuple[str, ...]:
    """A stored comma-separated list as known phases, in the phases' order."""
    given = {part.strip() for part in (value or "").split(",")}
    return tuple(phase for phase in PHASES if phase in given)


def join_phases(phases: list[str] | tuple[str, ...]) -> str:
    return ",".join(phase for phase in PHASES if phase in phases)


def phases_for(challenge: Challenge, activity: str) -> tuple[str, ...]:
    column = {SUBMISSIONS: challenge.submissions_in, COMMENTS: challenge.comments_in,
              SUPPORTS: challenge.supports_in}[activity]
    return parse_phases(column)


def next_phase(phase: str) -> str | None:
    """The phase after ``phase``; None after the last (or for an unknown one)."""
    if phase not in PHASES or phase == PHASES[-1]:
        return None
    return PHASES[PHASES.index(phase) + 1]


def within_window(challenge: Challenge, today: date) -> bool:
    return challenge.opens_on <= today <= challenge.closes_on


def allows(challenge: Challenge | None, activity: str, today: date) -> bool:
    """Whether residents may do ``activity`` now (an idea on its own: always)."""
    if challenge is None:
        return True
    if not challenge.published or challenge.phase not in phases_for(challenge, activity):
        return False
    return activity != SUBMISSIONS or within_window(challenge, today)


def refusal(challenge: Challenge, activity: str) -> str:
    """Why ``activity`` is not taken now, in the resident's words."""
    words = {
        SUBMISSIONS: _l("The challenge takes no new ideas now."),
        COMMENTS: _l("The challenge takes no comments now."),
        SUPPORTS: _l("The challenge takes no supports now."),
    }
    return f"{words[activity]} " + str(_l("It is in the phase “%(phase)s”.",
                                          phase=phase_label(challenge.phase)))
