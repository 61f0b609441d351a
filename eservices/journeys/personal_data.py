"""Built journeys' cases as personal data: found for Mina sidor, erased, expired.

Every built journey's cases live in one platform table
(``platform_built_journey_submission``), so one set of functions serves them
all and each built journey's ``Module`` names the same ones (the platform asks
a shared function once).  Cases of a journey ejected to a code module stay in
the table under the same module id, and are found here too.

What ties a case to a person is its answers to the questions of identifying
types - a mobile number, an e-mail address, a personal identity number -
read from the version the case was sent on, and compared in the database
(a JSON path on both SQLite and PostgreSQL) with the subject's proven
numbers, addresses and identity number.

Erasure follows what the resident was told in the journey's privacy notice:
a case kept by a legal obligation stays until its delete date, a case still
being handled stays until it is decided (and its delete date at the latest),
and every other case goes at once, with its decisions.  Retention is the
promise each case carries from submission (``delete_after``, see
``retention.py``), not a cutoff counted today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, false, or_, select

from ..db import db
from ..i18n import current_language
from ..modules import (
    DataItem,
    DataSection,
    DataSubject,
    ErasureOutcome,
    KeptData,
    PersonalData,
    ResidentData,
    Retention,
)
from . import questions, retention
from .decisions import STATUS_LABELS
from .models import JourneyDecision, JourneyRecord, JourneySubmission, JourneyVersion
from .schema import JourneyDefinition

OPEN_STATUSES = ("new", "in_progress")
#: The questions whose answers name a person, and how the subject's own values read.
IDENTIFYING = ("mobile", "email", "personal_number")


def _values(subject: DataSubject, kind: str) -> list[str]:
    if kind == "mobile":
        return list(subject.phone_numbers)
    if kind == "email":
        return list(subject.email_addresses)
    number = subject.personal_number or ""
    # Stored as the form normalised it ("19121212-1212"); the subject has 12 digits.
    return [f"{number[:8]}-{number[8:]}", number] if len(number) == 12 else []


def _definitions() -> dict[tuple[str, int], JourneyDefinition]:
    """(module id, version) -> definition, for every version some case was sent on."""
    sent_on = select(JourneySubmission.module_id, JourneySubmission.version_number).distinct()
    versions = db.session.execute(
        select(JourneyRecord.module_id, JourneyVersion.number, JourneyVersion.definition)
        .join(JourneyVersion, JourneyVersion.journey_id == JourneyRecord.id)
        .where(JourneyRecord.module_id.in_(sent_on.with_only_columns(
            JourneySubmission.module_id)))).all()
    used = {(module_id, number) for module_id, number in db.session.execute(sent_on)}
    return {(module_id, number): JourneyDefinition.model_validate(stored)
            for module_id, number, stored in versions if (module_id, number) in used}


def _tied_to(subject: DataSubject,
             definitions: dict[tuple[str, int], JourneyDefinition]) -> Any:
    conditions = []
    for (module_id, number), definition in definitions.items():
        answers = []
        for page in definition.questions():
            assert page.question is not None
            wanted = (_values(subject, page.question.type)
                      if page.question.type in IDENTIFYING else [])
            if wanted:
                value = JourneySubmission.answers[("values", page.key)].as_string()
                answers.append(value.in_(wanted))
        if answers:
            conditions.append(and_(JourneySubmission.module_id == module_id,
                                   JourneySubmission.version_number == number, or_(*answers)))
    return or_(*conditions) if conditions else false()


def _cases(subject: DataSubject) -> tuple[list[JourneySubmission],
                                          dict[tuple[str, int], JourneyDefinition]]:
    if subject.empty:
        return [], {}
    definitions = _definitions()
    cases = db.session.scalars(select(JourneySubmission).where(_tied_to(subject, definitions))
                               .order_by(JourneySubmission.submitted_at.desc(),
                                         JourneySubmission.id.desc())).all()
    return list(cases), definitions


def _decisions(case: JourneySubmission) -> Iterable[JourneyDecision]:
    return db.session.scalars(select(JourneyDecision).where(
        JourneyDecision.submission_id == case.id).order_by(JourneyDecision.id))


def _item(case: JourneySubmission, definition: JourneyDefinition | None) -> DataItem:
    service = questions.text(definition.name, current_language()) if definition else \
        case.module_id
    rows = case.answers.get("rows", [])
    return DataItem(
        title=_("%(service)s: case %(reference)s", service=service, reference=case.reference),
        status=str(STATUS_LABELS.get(case.status, case.status)), when=case.submitted_at,
        details=[(str(row.get("label", "")), str(row.get("value", ""))) for row in rows],
        record={"service": case.module_id, "reference": case.reference,
                "version": case.version_number, "language": case.language,
                "answers": case.answers, "status": case.status,
                "submitted_at": case.submitted_at.isoformat(),
                "status_changed_at": case.status_changed_at.isoformat(),
                "delete_after": case.delete_after.isoformat(),
                "decisions": [{"from_status": d.from_status, "to_status": d.to_status,
                               "reason": d.reason, "decided_at": d.decided_at.isoformat()}
                              for d in _decisions(case)]})


def find(subject: DataSubject) -> list[DataSection]:
    cases, definitions = _cases(subject)
    return [DataSection(
        key="built_journeys", title=_("Cases from other e-services"),
        items=[_item(case, definitions.get((case.module_id, case.version_number)))
               for case in cases],
        empty_text=_("You have no cases from other e-services."))]


def _kept(case: JourneySubmission, definition: JourneyDefinition | None) -> KeptData | None:
    until = case.delete_after.date()
    if definition is not None and definition.privacy.legal_basis == "legal_obligation":
        return KeptData(what=_("Case %(reference)s", reference=case.reference), until=until,
                        reason=_("The law obliges us to keep this case until %(date)s.",
                                 date=format_date(until, "d MMMM y")))
    if case.status in OPEN_STATUSES:
        return KeptData(what=_("Case %(reference)s", reference=case.reference), until=until,
                        reason=_("We are still handling this case. It is removed when it "
                                 "has been decided and its retention time has passed."))
    return None


def erase(subject: DataSubject) -> ErasureOutcome:
    cases, definitions = _cases(subject)
    kept, removable = [], []
    for case in cases:
        reason = _kept(case, definitions.get((case.module_id, case.version_number)))
        if reason is None:
            removable.append(case.id)
        else:
            kept.append(reason)
    if removable:
        db.session.execute(delete(JourneyDecision)
                           .where(JourneyDecision.submission_id.in_(removable)))
        db.session.execute(delete(JourneySubmission).where(JourneySubmission.id.in_(removable))
                           .execution_options(synchronize_session=False))
    return ErasureOutcome(removed=len(removable), kept=kept)


def purge(_cutoff: datetime) -> int:
    """Retention "submissions": each case goes at the delete date it was sent with
    (the journey's privacy notice then), so today's cutoff is not used."""
    return retention.purge_expired()


def personal_data(definition: JourneyDefinition) -> PersonalData:
    """What a built journey's ``Module`` declares: the shared functions, and as days the
    retention its current privacy notice promises."""
    return PersonalData(
        resident_data=ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
        retention=(Retention(
            "submissions", "journeys", definition.privacy.retention_days, f"{__name__}:purge",
            _l("Cases sent through journeys built in the journey editor, with their "
               "decisions: each is deleted when the retention time its journey's privacy "
               "notice gave when it was sent has passed (365 days unless the journey "
               "says otherwise).")),))
