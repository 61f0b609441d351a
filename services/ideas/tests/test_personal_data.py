"""The idea lock's personal data: what a resident finds, erasure takes, retention drops."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices import toolkit as tk
from eservices.db import db
from services.ideas import module
from services.ideas.models import Comment, Idea, Support
from services.ideas.people import phone_key
from services.ideas.personal_data import drop_contact_details, erase, find

from .public_data import NOW, PHONE, clocked, idea

HANNA = tk.DataSubject(personal_number="191212121212", phone_numbers=(PHONE,),
                       email_addresses=("hanna@example.se",))
OTHER_PHONE = "+46709999999"


@pytest.fixture
def app(make_app):
    return clocked(make_app)


@contextmanager
def reading(app):
    """A request in English, as Mina sidor's reader might make."""
    with app.test_request_context("/ideas/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def _by_reference(app) -> dict[str, Idea]:
    with app.app_context():
        rows = {i.reference: i for i in db.session.scalars(select(Idea))}
        db.session.expunge_all()
        return rows


def _activity(app, reference: str, phone: str, body: str) -> None:
    with app.app_context():
        found = db.session.scalar(select(Idea).where(Idea.reference == reference))
        db.session.add_all([
            Support(idea_id=found.id, supporter_key=phone_key(phone), kind="phone"),
            Comment(idea_id=found.id, body=body, author_name="Hanna",
                    author_key=phone_key(phone))])
        db.session.commit()


def test_the_manifest_declares_it():
    assert module.personal_data.resident_data.find == "services.ideas.personal_data:find"
    assert [r.key for r in module.personal_data.retention] == ["contact"]


def test_find_returns_the_residents_ideas_supports_and_comments_only(app):
    mine = idea(app, "Lånecyklar", email="Hanna@Example.se")
    by_phone = idea(app, "Parkbänkar", email="", phone=PHONE)
    theirs = idea(app, "Hundrastgård", email="annan@example.se")
    _activity(app, theirs, PHONE, "Bra idé!")
    _activity(app, mine, OTHER_PHONE, "Någon annans kommentar")
    with reading(app):
        ideas, activity = find(HANNA)
        assert [item.record["reference"] for item in ideas.items] == [by_phone, mine]
        item = ideas.items[1]
        assert item.title == "Lånecyklar" and item.status == "Submitted"
        assert item.link_text == "Follow your idea" and "/ideas/follow/" in item.link
        assert item.record["email"] == "Hanna@Example.se"
        assert item.record["proposal"] == "En bytesdag varje månad."
        comment, support = activity.items
        assert comment.record == {"idea": theirs, "body": "Bra idé!", "author_name": "Hanna",
                                  "created_at": comment.record["created_at"],
                                  "hidden_at": None}
        assert support.title == f"Your support of idea {theirs}"
        assert "Någon annans" not in repr([i.record for i in activity.items])
        nobody = find(tk.DataSubject(personal_number="191212121212"))
        assert [len(section.items) for section in nobody] == [0, 0]


def test_erase_anonymises_ideas_and_removes_supports_and_comments(app):
    mine = idea(app, "Lånecyklar", email="hanna@example.se", phone=PHONE)
    theirs = idea(app, "Hundrastgård", email="annan@example.se")
    _activity(app, theirs, PHONE, "Bra idé!")
    _activity(app, theirs, OTHER_PHONE, "Håller med")
    with reading(app):
        outcome = erase(HANNA)
        db.session.commit()
        assert (outcome.anonymised, outcome.removed) == (1, 2)
        [kept] = outcome.kept
        assert kept.what == "The text of your ideas"
        assert db.session.scalars(select(Comment.body)).all() == ["Håller med"]
        assert db.session.scalars(select(Support.supporter_key)).all() == [
            phone_key(OTHER_PHONE)]
    ideas = _by_reference(app)
    assert (ideas[mine].submitter_name, ideas[mine].email, ideas[mine].phone,
            ideas[mine].email_verified) == ("", "", "", False)
    assert ideas[mine].title == "Lånecyklar"  # the idea itself stays
    assert ideas[theirs].email == "annan@example.se"


def test_contact_details_go_a_set_time_after_closing_and_twice_is_safe(app):
    closed = idea(app, "Stängd", status="avslutad", phone=PHONE,
                  status_changed_at=NOW - timedelta(days=10))
    done = idea(app, "Genomförd", status="genomford", status_changed_at=NOW)
    open_ = idea(app, "Pågående", status="coachas", status_changed_at=NOW - timedelta(days=50))
    with app.app_context():
        assert drop_contact_details(NOW - timedelta(days=10)) == 0  # exactly then: not older
        assert drop_contact_details(NOW - timedelta(days=9)) == 1
        db.session.commit()
        assert drop_contact_details(NOW - timedelta(days=9)) == 0
        assert drop_contact_details(NOW + timedelta(seconds=1)) == 1  # the implemented one
        db.session.commit()
    ideas = _by_reference(app)
    assert ideas[closed].phone == "" and ideas[closed].email == ""
    assert ideas[done].email == "" and ideas[open_].email == "idegivare@example.se"
