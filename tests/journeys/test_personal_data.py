"""Built journeys' cases as personal data: found by the identifying answers, erased, expired."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select, update

from eservices import toolkit as tk
from eservices.db import db
from eservices.journeys import catalogue, store, submissions
from eservices.journeys.models import JourneyDecision, JourneySubmission
from eservices.journeys.personal_data import erase, find, purge

from ._cases import definition, publish, submit, texts

PHONE = "+46701234567"
SUBJECT = tk.DataSubject(personal_number="191212121212", phone_numbers=(PHONE,),
                         email_addresses=("tolvan@example.se",))


@contextmanager
def reading(app):
    """A request in English, as Mina sidor's reader might make."""
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def publish_permit(app, legal_basis: str = "legal_obligation") -> None:
    """A second journey, asking for a personal identity number and an e-mail address."""
    changed = definition(
        slug="burn-permit", name=texts("Eldningstillstånd", "Burning permit"),
        reference_prefix="ELD",
        pages=[{"key": "who", "question": {"type": "personal_number",
                                           "label": texts("Personnummer", "Identity number")}},
               {"key": "mail", "question": {"type": "email",
                                            "label": texts("E-post", "E-mail")}}],
        receipts=[], privacy={"controller": texts("Kommunen", "The municipality"),
                              "purpose": texts("Att pröva ansökan.", "To decide."),
                              "legal_basis": legal_basis, "retention_days": 3650})
    with app.test_request_context():
        record = store.create(changed, by="dana")
        store.publish(record, "Första versionen", by="dana")
        db.session.commit()


def permit(app, reference: str, number: str, mail: str) -> None:
    with app.app_context():
        submissions.record_submission(
            module_id="burn_permit", version_number=1, reference=reference, language="sv",
            rows=[{"key": "who", "label": "Personnummer", "value": number},
                  {"key": "mail", "label": "E-post", "value": mail}],
            values={"who": number, "mail": mail}, retention_days=3650)
        db.session.commit()


def decide(app, reference: str, status: str) -> None:
    with app.app_context():
        case = db.session.scalar(select(JourneySubmission)
                                 .where(JourneySubmission.reference == reference))
        case.status = status
        db.session.add(JourneyDecision(submission_id=case.id, from_status="new",
                                       to_status=status, reason="Lagad", decided_by="anna"))
        db.session.commit()


def references(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(JourneySubmission.reference)))


def test_every_built_journey_declares_the_shared_functions(app):
    publish(app)
    with reading(app):
        [built] = catalogue.built_modules().values()
        declared = built.personal_data
        assert declared.resident_data.find == "eservices.journeys.personal_data:find"
        [rule] = declared.retention
        assert (rule.key, rule.kind, rule.days) == ("submissions", "journeys", 30)
        assert rule.apply == "eservices.journeys.personal_data:purge"


def test_find_returns_the_cases_whose_answers_name_the_subject(app):
    publish(app)
    publish_permit(app)
    submit(app, "BEN-1", mobile=PHONE)
    submit(app, "BEN-2", mobile="+46709999999")
    permit(app, "ELD-1", "19121212-1212", "annan@example.se")
    permit(app, "ELD-2", "19811218-9876", "tolvan@example.se")
    permit(app, "ELD-3", "19811218-9876", "annan@example.se")
    with reading(app):
        [section] = find(SUBJECT)
        found = {item.record["reference"]: item for item in section.items}
        assert set(found) == {"BEN-1", "ELD-1", "ELD-2"}
        bench = found["BEN-1"]
        assert bench.title == "Repair a park bench: case BEN-1" and bench.status == "New"
        assert ("Mobilnummer", PHONE) in bench.details
        assert bench.record["answers"]["values"] == {"problem": "Trasig sits", "mobile": PHONE}
        assert find(tk.DataSubject(phone_numbers=("+46708888888",)))[0].items == []
        assert find(tk.DataSubject())[0].items == []


def test_erase_keeps_what_the_law_or_the_handling_needs_and_removes_the_rest(app):
    publish(app)
    publish_permit(app)
    submit(app, "BEN-1", mobile=PHONE)
    submit(app, "BEN-2", mobile=PHONE)
    submit(app, "BEN-3", mobile="+46709999999")
    permit(app, "ELD-1", "19121212-1212", "x@example.se")
    decide(app, "BEN-2", "done")
    decide(app, "BEN-3", "done")
    with reading(app):
        outcome = erase(SUBJECT)
        db.session.commit()
        assert outcome.removed == 1
        kept = {k.what: k for k in outcome.kept}
        assert set(kept) == {"Case BEN-1", "Case ELD-1"}
        assert "still handling" in kept["Case BEN-1"].reason
        assert kept["Case ELD-1"].reason.startswith("The law obliges us")
        assert kept["Case ELD-1"].until is not None
        assert db.session.scalars(select(JourneyDecision.reason)).all() == ["Lagad"]  # BEN-3's
    assert references(app) == ["BEN-1", "BEN-3", "ELD-1"]


def test_retention_keeps_each_cases_own_promise(app):
    publish(app)
    submit(app, "BEN-1", mobile=PHONE)
    submit(app, "BEN-2", mobile=PHONE)
    with app.app_context():
        db.session.execute(update(JourneySubmission).where(JourneySubmission.reference
                                                           == "BEN-1")
                           .values(delete_after=tk.utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert purge(tk.utcnow()) == 1
        assert purge(tk.utcnow()) == 0
    assert references(app) == ["BEN-2"]
