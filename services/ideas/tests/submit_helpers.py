"""Helpers of the submitting and following tests: walk the journey, make rows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eservices.clock import today
from eservices.db import db
from eservices.testing import csrf_token_from
from services.ideas.models import Challenge, Idea

BASE = "/ideas"

RESIDENT = {
    "who": {"who": "resident"},
    "title": {"title": "Återbruk av kläder och textilavfall"},
    "problem": {"problem": "Många slänger hela kläder i soporna varje vecka, och "
                           "textilavfallet blir bara större."},
    "proposal": {"proposal": "En bytesdag för kläder på återbruket varje månad, med "
                             "insamling av textilier."},
    "beneficiaries": {"beneficiaries": "Hushåll med barn och alla som vill minska avfallet."},
    "department": {"department": "miljo"},
    "take-part": {"take_part": "yes"},
    "contact": {"name": "Eva Ek", "email": "eva@exempel.se", "phone": ""},
}
EMPLOYEE = {**{k: v for k, v in RESIDENT.items() if k != "contact"},
            "who": {"who": "employee"},
            "work-email": {"name": "Kim Lind", "email": "kim.lind@exempelkommun.se"}}


def post(client, url, data=None, *, page_url=None, **kwargs):
    """POST with the CSRF token of the page at ``page_url`` (default: ``url``)."""
    html = client.get(page_url or url).get_data(as_text=True)
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token_from(html)},
                       **kwargs)


def walk(client, answers=None, *, until="check", challenge=""):
    """Answer every page up to ``until`` (a slug, "similar", "attachments" or "check")."""
    answers = answers or RESIDENT
    begin = client.get(f"{BASE}/begin" + (f"?challenge={challenge}" if challenge else ""))
    assert begin.status_code == 302, begin.status_code
    url = begin.location
    for _ in range(20):
        slug = url.rsplit("/", 1)[-1].split("?")[0]
        if slug == until:
            return url
        data = answers.get(slug, {})
        if slug == "challenge":
            data = answers.get("challenge", {"challenge": "none"})
        response = post(client, url, data)
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[:3000])
        url = response.location
    raise AssertionError("the journey never reached " + until)


def send(client):
    """Send from check answers; the confirmation page's HTML."""
    response = post(client, f"{BASE}/check")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return client.get(response.location).get_data(as_text=True)


def make_challenge(app, slug="textil", *, phase="open", published=True, days_left=10,
                   question="Hur kan vi minska textilavfallet i Piteå?"):
    with app.app_context():
        challenge = Challenge(slug=slug, question=question, description="",
                              opens_on=today() - timedelta(days=5),
                              closes_on=today() + timedelta(days=days_left), phase=phase,
                              published=published, created_by="anna")
        db.session.add(challenge)
        db.session.commit()
        return challenge.id


def make_idea(app, title, problem, proposal="", *, reference=None, hidden=False):
    from eservices.db import utcnow

    with app.app_context():
        count = len(db.session.scalars(select(Idea.id)).all())
        idea = Idea(reference=reference or f"IDE-TEST-{count:04d}",
                    journey_id=f"journey-{title[:20]}-{count}", title=title, problem=problem,
                    proposal=proposal or problem, beneficiaries="", department="ovrigt",
                    submitter_kind="resident", language="sv",
                    hidden_at=utcnow() if hidden else None)
        db.session.add(idea)
        db.session.commit()
        return idea.reference


def ideas(app):
    with app.app_context():
        return db.session.scalars(select(Idea).order_by(Idea.id)).all()
