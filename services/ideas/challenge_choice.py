"""Which idea challenge a new idea goes into: chosen on a page, or given by the link.

A challenge's page links to ``/begin?challenge=<slug>``; the slug is kept in
the journey beside the answers (under ``PRESET``, not a step of its own, so
the journey engine never discards it) and the page that asks for a challenge
is then left out.  Whether a challenge takes ideas is the challenge rules'
(``phases.allows``): published, in a phase that takes submissions, within its
time window.  It is asked again when the idea is filed, because a challenge
can close while someone is still writing.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from eservices import toolkit as tk

from .models import Challenge
from .phases import SUBMISSIONS, allows, phases_for, refusal

#: The key in the journey's stored answers that holds a challenge given by the link.
PRESET = "preset_challenge"


def open_challenges() -> list[Challenge]:
    """The published challenges that take ideas today, newest first."""
    candidates = tk.db.session.scalars(
        select(Challenge).where(Challenge.published.is_(True))
        .order_by(Challenge.opens_on.desc(), Challenge.id.desc())).all()
    today = tk.clock.today()
    return [c for c in candidates if allows(c, SUBMISSIONS, today)]


def by_slug(slug: str) -> Challenge | None:
    """A published challenge by its slug (an unpublished one reads as none at all)."""
    if not slug:
        return None
    return tk.db.session.scalar(select(Challenge).where(Challenge.slug == slug,
                                                        Challenge.published.is_(True)))


def takes_ideas(challenge: Challenge) -> bool:
    return allows(challenge, SUBMISSIONS, tk.clock.today())


def why_closed(challenge: Challenge) -> str:
    """Why the challenge takes no idea now, in the resident's words: its dates when the
    phase would take ideas but the time window does not, else the phase."""
    today = tk.clock.today()
    if challenge.phase in phases_for(challenge, SUBMISSIONS):
        if today < challenge.opens_on:
            return _("It opens for ideas on %(day)s.", day=format_date(challenge.opens_on))
        if today > challenge.closes_on:
            return _("It took ideas until %(day)s.", day=format_date(challenge.closes_on))
    return refusal(challenge, SUBMISSIONS)


def preset_slug(journey: tk.Journey) -> str:
    stored = journey.state.answers.get(PRESET) or {}
    return (stored.get("slug") or [""])[0]


def set_preset(journey: tk.Journey, slug: str) -> None:
    """Remember (or, with "", forget) the challenge the journey was started from."""
    answers = {k: v for k, v in journey.state.answers.items() if k != PRESET}
    if slug:
        answers[PRESET] = {"slug": [slug]}
    journey.state.answers = answers


def chosen_slug(journey: tk.Journey, answered: str | None) -> str:
    """The challenge the idea goes into: the link's, else the one chosen on the page."""
    slug = preset_slug(journey) or (answered or "")
    return "" if slug == "none" else slug
