"""What a module declares about the personal data it keeps: for Mina sidor, the
data rights (GDPR articles 15, 17 and 20) and retention.

The platform owns the resident's side (the "Mina sidor" page, the JSON and
readable exports, erasure, the administrators' data-subject request page and
the one scheduled retention job); each module only answers three questions
about its own tables - what do you hold about this person, erase what you may,
and drop what is older than its retention - so no module is hard-coded into
the platform and none imports another.

A module names its functions as ``"package.module:function"`` strings, like
periodic jobs, so the manifest stays importable without the module's code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

#: The levels of assurance a sign-in can reach, lowest first (the Swedish
#: e-ID framework's "tillitsnivåer"; loa3 is BankID and Freja eID+).
ASSURANCE_LEVELS = ("loa1", "loa2", "loa3", "loa4")


@dataclass(frozen=True)
class DataSubject:
    """The person a question is about: a signed-in resident, or the person an
    administrator looks up for a data-subject request.

    ``personal_number`` is twelve digits (``YYYYMMDDNNNN``) or None when the
    request names only contact details.  ``phone_numbers`` are E.164
    (``+46701234567``) and ``email_addresses`` lower case; for a resident they
    are the ones proven to be theirs (a code or a link they answered, or a
    service that tied them to the identity), never what someone merely typed.
    """

    personal_number: str | None = None
    phone_numbers: tuple[str, ...] = ()
    email_addresses: tuple[str, ...] = ()
    #: The platform's resident account, when the subject has one.
    account_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.personal_number or self.phone_numbers or self.email_addresses)


@dataclass(frozen=True)
class DataItem:
    """One thing a module holds: a case, a subscription, a booking, a message.

    ``title``, ``status`` and the ``details`` labels are already translated for
    the page; ``record`` is the machine-readable export (JSON types only, keys
    in English) and should hold every stored field about the person.
    """

    title: str
    record: Mapping[str, Any]
    status: str | None = None
    when: datetime | date | None = None
    #: A link on this site where the resident can see or act on it (stop, change).
    link: str | None = None
    link_text: str | None = None
    details: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class DataSection:
    """A module's part of Mina sidor and of the export: a heading and its items."""

    key: str
    title: str
    items: Sequence[DataItem] = ()
    #: Said when there are no items ("Du har inga ärenden").
    empty_text: str | None = None


@dataclass(frozen=True)
class KeptData:
    """What erasure left in place, and why (translated), so the resident is told."""

    what: str
    reason: str
    #: Until when it is kept, when known.
    until: date | None = None


@dataclass(frozen=True)
class ErasureOutcome:
    """A module's answer to an erasure request; counts only, never the data."""

    removed: int = 0
    anonymised: int = 0
    kept: Sequence[KeptData] = ()


@dataclass(frozen=True)
class ResidentData:
    """A module's answer to "what do you hold about this person?".

    ``find(subject) -> list[DataSection]`` for Mina sidor and the export (it
    runs inside a request, in the reader's language); ``erase(subject) ->
    ErasureOutcome`` removes or anonymises what the module may and explains
    what it must keep (a case under handling, bookkeeping), in the caller's
    transaction.  Both get a ``DataSubject`` and must look only at what is
    tied to it.
    """

    find: str
    erase: str | None = None


RetentionKind = Literal["cases", "reports", "subscriptions", "codes", "journeys",
                        "notifications", "bookings", "accounts", "other"]


@dataclass(frozen=True)
class Retention:
    """How long a module keeps one kind of data, and the function that applies it.

    ``apply(cutoff: datetime) -> int`` deletes or anonymises what is older than
    ``cutoff`` (UTC; "older" by the module's own meaning: closed before, stopped
    before, expired before) and returns how many rows it touched.  It must be
    safe to run twice.  The operator may change ``days`` with the setting
    ``<MODULE_ID>_RETENTION_<KEY>_DAYS``; the README's table lists each default.
    """

    key: str
    kind: RetentionKind
    days: int
    apply: str
    #: What is kept and from when the time counts, for the README and the
    #: privacy page (a lazy translated string).
    description: Any = ""


@dataclass(frozen=True)
class PersonalData:
    """Everything a module declares about personal data, as one manifest field."""

    resident_data: ResidentData | None = None
    retention: tuple[Retention, ...] = ()
