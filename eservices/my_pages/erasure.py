"""Erasure (GDPR article 17): every module's ``erase`` and the platform's own, at once.

Each module erases in a savepoint of one transaction: a module that fails is
rolled back alone, logged, and named in the outcome ("could not be erased
now"), while the others' erasure stands.  The platform's own data goes with
it - the text and recipient of every message to the person (the delivery
bookkeeping stays), and, only when every module succeeded, the resident
account with its proven contacts and sessions: those contacts are what a
second attempt needs to find the rest.  What must stay (a case under
handling, bookkeeping, a STOPP) is reported as ``KeptData`` with its reason.

The audit record names no person: the request's random reference, who asked
(the resident, or the administrator), the module ids and counts.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from notifications.models import OptOut

from ..db import db
from ..modules import DataSubject, ErasureOutcome
from ..privacy import mask_phone
from ..staff import audit
from . import account, messages
from .collect import DataModule, call, data_modules, module_texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    what: str
    reason: str
    until: str | None = None  # ISO date (the report is stored as JSON)

    @property
    def day(self) -> date | None:
        return date.fromisoformat(self.until) if self.until else None


@dataclass(frozen=True)
class ModuleErasure:
    module_id: str
    name: str
    removed: int = 0
    anonymised: int = 0
    kept: tuple[Kept, ...] = ()
    #: The module's erase raised: nothing of it was erased.
    failed: bool = False
    #: The module declares no erase: its data stays until asked by other means.
    not_erasable: bool = False


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure did, as counts and kept items; no personal data but the
    kept items' texts, which the module wrote for the person themself."""

    reference: str
    modules: tuple[ModuleErasure, ...] = ()
    accounts: int = 0
    contacts: int = 0
    sessions: int = 0
    messages: int = 0
    replies: int = 0
    #: Answers begun in the resident's browser and never sent (``platform_journey``).
    unfinished: int = 0
    kept: tuple[Kept, ...] = ()

    @property
    def complete(self) -> bool:
        return not any(part.failed or part.not_erasable for part in self.modules)

    @property
    def removed(self) -> int:
        return (sum(part.removed for part in self.modules) + self.accounts + self.contacts
                + self.sessions + self.unfinished)

    @property
    def anonymised(self) -> int:
        return sum(part.anonymised for part in self.modules) + self.messages + self.replies

    @property
    def all_kept(self) -> tuple[Kept, ...]:
        return tuple(kept for part in self.modules for kept in part.kept) + self.kept

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ErasureReport:
        parts = tuple(ModuleErasure(**{**part, "kept": tuple(Kept(**k) for k in part["kept"])})
                      for part in data.get("modules", ()))
        return cls(**{**data, "modules": parts,
                      "kept": tuple(Kept(**k) for k in data.get("kept", ()))})


def _until(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _module_erasure(entry: DataModule, subject: DataSubject) -> ModuleErasure:
    module = entry.module
    target = entry.resident_data.erase
    if target is None:
        return ModuleErasure(module.id, entry.name, not_erasable=True)
    try:
        with db.session.begin_nested(), module_texts(module):
            outcome: ErasureOutcome = call(module, target, subject)
            kept = tuple(Kept(str(item.what), str(item.reason), _until(item.until))
                         for item in outcome.kept)
    except Exception:
        log.exception("personal data: erase of module %s failed", module.id)
        return ModuleErasure(module.id, entry.name, failed=True)
    return ModuleErasure(module.id, entry.name, int(outcome.removed), int(outcome.anonymised),
                         kept)


def _opt_outs_kept(subject: DataSubject) -> tuple[Kept, ...]:
    """A STOPP is kept: without it the number could be texted again."""
    if not subject.phone_numbers:
        return ()
    numbers = db.session.scalars(select(OptOut.phone).where(
        OptOut.phone.in_(subject.phone_numbers), OptOut.active.is_(True))).all()
    return tuple(Kept(_("That %(phone)s has said no to texts from us (STOPP)",
                        phone=mask_phone(number)),
                      _("So that we never text a number that asked us not to. Reply START "
                        "to undo it."))
                 for number in numbers)


def new_reference() -> str:
    return secrets.token_hex(6)


def erase_everything(subject: DataSubject, *, by: str, reference: str | None = None
                     ) -> ErasureReport:
    """Erase what every module and the platform may, in the caller's transaction."""
    reference = reference or new_reference()
    parts = tuple(_module_erasure(entry, subject) for entry in data_modules())
    sent = messages.anonymise(subject)
    kept = _opt_outs_kept(subject)
    report = ErasureReport(reference=reference, modules=parts, messages=sent.anonymised,
                           replies=sent.replies_anonymised, kept=kept)
    if report.complete:
        gone = account.erase(subject)
        report = replace(report, accounts=gone.accounts, contacts=gone.contacts,
                         sessions=gone.sessions)
    audit.record("personal_data_erased", subject=reference, module_id="platform",
                 requested_by=by, complete=report.complete,
                 modules={part.module_id: {"removed": part.removed, "anonymised": part.anonymised,
                                           "kept": len(part.kept), "failed": part.failed}
                          for part in parts},
                 accounts=report.accounts, messages=report.messages, replies=report.replies,
                 kept=len(report.all_kept))
    return report

