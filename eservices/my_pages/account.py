"""The platform's resident account as personal data: shown, exported, erased, expired.

The account (``eservices.residents``) holds a keyed hash of the personal
number, the name, the provider and level of the last sign-in, the contacts the
resident proved and their sessions.  A data subject names accounts three ways:
by id (the signed-in resident), by personal number (its hash) or - for an
administrator's request by phone number or e-mail - by a proven contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select

from ..db import db
from ..modules import DataSubject
from ..residents import sessions
from ..residents.models import ResidentAccount, ResidentContact, ResidentSession


def accounts_of(subject: DataSubject) -> list[ResidentAccount]:
    """The accounts ``subject`` names, oldest first."""
    conditions = []
    if subject.account_id is not None:
        conditions.append(ResidentAccount.id == subject.account_id)
    if subject.personal_number:
        conditions.append(
            ResidentAccount.identity_hash == sessions.identity_hash(subject.personal_number))
    addresses = [*subject.phone_numbers, *subject.email_addresses]
    if addresses:
        conditions.append(ResidentAccount.id.in_(
            select(ResidentContact.account_id).where(ResidentContact.address.in_(addresses))))
    if not conditions:
        return []
    return list(db.session.scalars(select(ResidentAccount).where(or_(*conditions))
                                   .order_by(ResidentAccount.id)))


def with_contacts(subject: DataSubject) -> DataSubject:
    """``subject`` widened by the contacts its account proved (an administrator's
    request by personal number then also finds what modules hold by phone)."""
    accounts = accounts_of(subject) if subject.personal_number else []
    if not accounts:
        return subject
    rows = db.session.execute(
        select(ResidentContact.channel, ResidentContact.address)
        .where(ResidentContact.account_id.in_([account.id for account in accounts]))
        .order_by(ResidentContact.id)).all()
    phones = dict.fromkeys([*subject.phone_numbers,
                            *(address for channel, address in rows if channel == "sms")])
    emails = dict.fromkeys([*subject.email_addresses,
                            *(address for channel, address in rows if channel == "email")])
    return DataSubject(personal_number=subject.personal_number, phone_numbers=tuple(phones),
                       email_addresses=tuple(emails),
                       account_id=subject.account_id or accounts[0].id)


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class AccountView:
    """One account as the pages show it."""

    account: ResidentAccount
    contacts: tuple[ResidentContact, ...]
    open_sessions: int


def account_views(subject: DataSubject) -> list[AccountView]:
    views = []
    for account in accounts_of(subject):
        contacts = tuple(db.session.scalars(select(ResidentContact).where(
            ResidentContact.account_id == account.id).order_by(ResidentContact.id)))
        open_sessions = db.session.scalar(select(func.count()).where(
            ResidentSession.account_id == account.id,
            ResidentSession.revoked_at.is_(None))) or 0
        views.append(AccountView(account, contacts, open_sessions))
    return views


def record(view: AccountView) -> dict[str, Any]:
    """The account as the JSON export holds it (the hash is a key, not the person's data)."""
    account = view.account
    sessions_rows = db.session.scalars(select(ResidentSession).where(
        ResidentSession.account_id == account.id).order_by(ResidentSession.id)).all()
    return {
        "name": account.name,
        "last_sign_in_provider": account.last_provider,
        "last_sign_in_assurance": account.last_assurance,
        "created_at": _moment(account.created_at),
        "last_sign_in_at": _moment(account.last_sign_in_at),
        "proven_contacts": [
            {"channel": contact.channel, "address": contact.address,
             "proven_at": _moment(contact.proven_at), "proven_by": contact.source}
            for contact in view.contacts],
        "sessions": [
            {"provider": row.provider, "assurance": row.assurance,
             "started_at": _moment(row.created_at), "last_used_at": _moment(row.last_seen_at),
             "ended_at": _moment(row.revoked_at), "expires_at": _moment(row.expires_at)}
            for row in sessions_rows],
    }


@dataclass(frozen=True)
class AccountErasure:
    accounts: int
    contacts: int
    sessions: int


def delete_accounts(ids: list[int]) -> AccountErasure:
    """Delete accounts with their contacts and sessions, in the caller's transaction.

    Explicitly, not by ON DELETE CASCADE: SQLite enforces foreign keys only
    when asked to, and a contact must not outlive its account anywhere.
    """
    if not ids:
        return AccountErasure(0, 0, 0)
    ended = db.session.execute(delete(ResidentSession).where(
        ResidentSession.account_id.in_(ids))).rowcount or 0
    contacts = db.session.execute(delete(ResidentContact).where(
        ResidentContact.account_id.in_(ids))).rowcount or 0
    accounts = db.session.execute(delete(ResidentAccount).where(
        ResidentAccount.id.in_(ids)).execution_options(synchronize_session=False)).rowcount or 0
    return AccountErasure(accounts, contacts, ended)


def erase(subject: DataSubject) -> AccountErasure:
    """The subject's accounts; a request by phone number or e-mail address alone takes
    only those contacts from whichever account proved them (the rest of that account
    belongs to a person the request did not name)."""
    if subject.personal_number or subject.account_id is not None:
        return delete_accounts([account.id for account in accounts_of(subject)])
    addresses = [*subject.phone_numbers, *subject.email_addresses]
    if not addresses:
        return AccountErasure(0, 0, 0)
    contacts = db.session.execute(delete(ResidentContact).where(
        ResidentContact.address.in_(addresses))).rowcount or 0
    return AccountErasure(0, contacts, 0)


def purge_inactive(cutoff: datetime) -> int:
    """Delete accounts nobody has signed in to since ``cutoff`` (the retention job)."""
    ids = list(db.session.scalars(select(ResidentAccount.id).where(
        ResidentAccount.last_sign_in_at < cutoff)))
    return delete_accounts(ids).accounts


def purge_sessions(cutoff: datetime) -> int:
    """Delete ended and expired resident sessions (``cutoff`` is now: nothing to keep)."""
    return sessions.purge_expired(cutoff)
