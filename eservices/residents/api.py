"""What modules use of resident sign-in, through the toolkit.

``tk.signed_in_resident()`` says who is signed in on this browser (or None);
``tk.require_resident(level)`` guards a view; ``tk.resident_sign_in_url``
links to the sign-in page; ``tk.prove_resident_contact`` records a phone
number or e-mail address a signed-in resident just proved (answered a code),
so Mina sidor and the data rights can find what is tied to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, flash, g, has_request_context, redirect, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..db import db, upsert_insert
from ..i18n import safe_next
from ..modules.personal_data import ASSURANCE_LEVELS, DataSubject
from . import sessions
from .models import CHANNELS, ResidentContact

View = TypeVar("View", bound=Callable[..., Any])


def assurance_at_least(have: str | None, need: str | None) -> bool:
    """Whether level ``have`` reaches ``need`` (no need: always; unknown have: never)."""
    if need is None:
        return True
    if need not in ASSURANCE_LEVELS:
        raise ValueError(f"unknown level of assurance {need!r}")
    return have in ASSURANCE_LEVELS and ASSURANCE_LEVELS.index(have) >= \
        ASSURANCE_LEVELS.index(need)


@dataclass(frozen=True)
class SignedInResident:
    """The resident signed in on this browser, as a module sees them."""

    account_id: int
    name: str
    personal_number: str  # twelve digits, YYYYMMDDNNNN
    assurance: str  # loa1..loa4
    provider: str

    @property
    def subject(self) -> DataSubject:
        """The resident as a data subject: the number and the contacts they proved."""
        rows = db.session.execute(select(ResidentContact.channel, ResidentContact.address)
                                  .where(ResidentContact.account_id == self.account_id)
                                  .order_by(ResidentContact.id)).all()
        return DataSubject(
            personal_number=self.personal_number,
            phone_numbers=tuple(address for channel, address in rows if channel == "sms"),
            email_addresses=tuple(address for channel, address in rows if channel == "email"),
            account_id=self.account_id)


def signed_in_resident() -> SignedInResident | None:
    """Who is signed in with e-ID on this browser now, or None (looked up once a request)."""
    if not has_request_context():
        return None
    if "resident" in g:
        return g.resident
    g.resident = None
    token = session.get(sessions.COOKIE_KEY)
    if not token:
        return None
    found = sessions.lookup(token)
    number = sessions.personal_number(found.session) if found.session else None
    if found.session is None or found.account is None or number is None:
        session.pop(sessions.COOKIE_KEY, None)
        if found.idle:
            flash(_("You were signed out after %(minutes)d minutes without activity.",
                    minutes=_idle_minutes()))
        return None
    g.resident = SignedInResident(
        account_id=found.account.id, name=found.account.name, personal_number=number,
        assurance=found.session.assurance, provider=found.session.provider)
    return g.resident


def _idle_minutes() -> int:
    return int(current_app.config["RESIDENT_SESSION_IDLE_MINUTES"])


def resident_sign_in_url(next_url: str | None = None,
                         minimum_assurance: str | None = None) -> str:
    """The sign-in page, coming back to ``next_url`` (a path on this site) afterwards."""
    if minimum_assurance is not None and minimum_assurance not in ASSURANCE_LEVELS:
        raise ValueError(f"unknown level of assurance {minimum_assurance!r}")
    values: dict[str, str] = {"next": safe_next(next_url)}
    if minimum_assurance:
        values["level"] = minimum_assurance
    return url_for("residents.sign_in", **values)


def _module_minimum() -> str | None:
    module = g.get("module") if has_request_context() else None
    return getattr(module, "minimum_assurance", None)


def require_resident(minimum_assurance: str | None = None) -> Callable[[View], View]:
    """A view decorator: the view runs only for a resident signed in at the level.

    Without a level the module's ``minimum_assurance`` applies (none: any
    sign-in).  Anyone else is sent to the sign-in page, and back here after.
    """
    if minimum_assurance is not None and minimum_assurance not in ASSURANCE_LEVELS:
        raise ValueError(f"unknown level of assurance {minimum_assurance!r}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            need = minimum_assurance or _module_minimum()
            resident = signed_in_resident()
            if resident is None or not assurance_at_least(resident.assurance, need):
                # After signing in the browser comes back with a GET: to the page
                # itself, never to repeat a POST whose form is gone.
                target = (request.full_path.rstrip("?") if request.method == "GET"
                          else request.path)
                return redirect(resident_sign_in_url(target, need))
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def prove_resident_contact(channel: str, address: str, source: str) -> bool:
    """Record that the signed-in resident proved ``address`` (E.164 or e-mail) is theirs.

    Call it right after the proof (a code answered, a link followed), in the
    caller's transaction.  False when nobody is signed in; proving again only
    renews the time.
    """
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
    resident = signed_in_resident()
    if resident is None:
        return False
    address = address.strip().lower() if channel == "email" else address.strip()
    now = clock.now()
    statement = upsert_insert(ResidentContact).values(
        account_id=resident.account_id, channel=channel, address=address[:254],
        proven_at=now, source=source[:40])
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["account_id", "channel", "address"],
        set_={"proven_at": now, "source": source[:40]}))
    return True
