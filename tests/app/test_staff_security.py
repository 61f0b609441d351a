"""Staff accounts an outsider can neither lock, enumerate nor keep open (issue #12)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eservices import clock
from eservices.db import db
from eservices.staff import throttle
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in

WRONG = "wrong password here"
OUTSIDER, COLLEAGUE = "203.0.113.9", "198.51.100.7"


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def answer(response) -> tuple[int, str]:
    """Status and page as an outsider compares them: minus the CSRF token and typed name."""
    html = response.get_data(as_text=True)
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)
    html = re.sub(r'(name="username"[^>]*value=")[^"]*"', r"\1", html)
    return response.status_code, html


@pytest.fixture
def frozen(app):
    controlled = clock.ControlledClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    app.extensions["eservices.clock"] = controlled
    return controlled


def test_an_outsiders_failures_do_not_lock_out_a_colleague(app, create_staff):
    create_staff("anna", "handlaggare")
    outsider = client_at(app, OUTSIDER)
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"] + 3):
        assert sign_in(outsider, "anna", password=WRONG).status_code in (400, 429)
    assert sign_in(outsider, "anna").status_code == 429  # the outsider's client waits
    colleague = client_at(app, COLLEAGUE)
    assert sign_in(colleague, "anna").status_code == 302
    assert colleague.get("/staff/").status_code == 200


def test_failures_from_one_client_bring_a_doubling_delay(app, create_staff, frozen):
    create_staff("anna", "handlaggare")
    client = client_at(app, OUTSIDER)
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"]):
        assert sign_in(client, "anna", password=WRONG).status_code == 400
    refused = sign_in(client, "anna")  # even the right password waits now
    assert refused.status_code == 429
    assert "Försök igen om 1 minut." in refused.get_data(as_text=True)
    frozen.advance(seconds=61)
    assert sign_in(client, "anna", password=WRONG).status_code == 400
    doubled = sign_in(client, "anna")
    assert doubled.status_code == 429
    assert "Försök igen om 2 minuter." in doubled.get_data(as_text=True)
    frozen.advance(seconds=121)
    assert sign_in(client, "anna").status_code == 302


def test_a_guess_still_being_checked_already_counts(app, create_staff):
    create_staff("anna", "handlaggare")
    client = client_at(app, OUTSIDER)
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"] - 1):
        assert sign_in(client, "anna", password=WRONG).status_code == 400
    with app.test_request_context(environ_base={"REMOTE_ADDR": OUTSIDER}):
        assert throttle.reserve("anna") == 0  # the last free guess, its hash still running
        db.session.commit()
    assert sign_in(client, "anna", password=WRONG).status_code == 429  # a parallel guess waits


def test_the_delay_is_capped_at_the_lockout_minutes(app, create_staff, frozen):
    create_staff("anna", "handlaggare")
    client = client_at(app, OUTSIDER)
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"] + 6):
        sign_in(client, "anna", password=WRONG)
        frozen.advance(minutes=app.config["STAFF_LOCKOUT_MINUTES"], seconds=1)
    frozen.advance(seconds=-2)
    waiting = sign_in(client, "anna")
    assert "Försök igen om 1 minut." in waiting.get_data(as_text=True)
    frozen.advance(seconds=2)
    assert sign_in(client, "anna").status_code == 302


def test_unknown_inactive_and_real_users_get_the_same_answer(app, create_staff):
    create_staff("anna", "handlaggare")
    create_staff("former", "handlaggare")
    app.test_cli_runner().invoke(args=["eservices", "deactivate-user", "former"])
    for attempt in range(app.config["STAFF_MAX_FAILED_LOGINS"] + 1):
        answers = {name: answer(sign_in(client_at(app, f"203.0.113.{i}"), name, password=WRONG))
                   for i, name in enumerate(("anna", "nobody", "former"), start=1)}
        assert answers["anna"] == answers["nobody"] == answers["former"], attempt
    status, html = answers["anna"]
    assert status == 429 and "Försök igen om 1 minut." in html  # throttled alike
    assert "låst" not in html.lower()
    assert sign_in(client_at(app, "203.0.113.4"), "former").status_code == 400


def test_an_unknown_user_costs_a_password_hash_too(app, create_staff):
    create_staff("anna", "handlaggare")

    def fastest(username: str, first_address: int) -> float:
        times = []
        for i in range(5):
            client = client_at(app, f"192.0.2.{first_address + i}")
            token = csrf_token_from(client.get("/staff/sign-in").get_data(as_text=True))
            started = time.perf_counter()
            client.post("/staff/sign-in", data={"username": username, "password": WRONG,
                                                "csrf_token": token})
            times.append(time.perf_counter() - started)
        return min(times)

    real, unknown = fastest("anna", 10), fastest("nobody", 20)
    assert unknown >= 0.5 * real, (unknown, real)


def test_a_captured_cookie_no_longer_opens_the_audit_log_after_sign_out(app, create_staff):
    create_staff("root", "administrator")
    client = app.test_client()
    sign_in(client, "root")
    assert client.get("/staff/audit").status_code == 200
    captured = client.get_cookie("eservices_session").value
    token = csrf_token_from(client.get("/staff/").get_data(as_text=True))
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("eservices_session", captured)
    response = thief.get("/staff/audit")
    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_a_password_change_ends_every_session_of_that_user(app, create_staff):
    create_staff("anna", "handlaggare")
    create_staff("bertil", "handlaggare")
    laptop, phone, other = app.test_client(), app.test_client(), app.test_client()
    for client, name in ((laptop, "anna"), (phone, "anna"), (other, "bertil")):
        assert sign_in(client, name).status_code == 302
    result = app.test_cli_runner().invoke(
        args=["eservices", "set-password", "anna"],
        input="a brand new passphrase\na brand new passphrase\n")
    assert result.exit_code == 0, result.output
    assert laptop.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 302
    assert other.get("/staff/").status_code == 200  # other people stay signed in
    assert sign_in(laptop, "anna").status_code == 400
    assert sign_in(laptop, "anna", password="a brand new passphrase").status_code == 302


def test_deactivating_a_user_ends_their_sessions(app, create_staff):
    create_staff("anna", "handlaggare")
    client = app.test_client()
    sign_in(client, "anna")
    result = app.test_cli_runner().invoke(args=["eservices", "deactivate-user", "anna"])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302
    assert sign_in(client, "anna").status_code == 400


def test_an_idle_session_expires(app, create_staff, frozen):
    create_staff("anna", "handlaggare")
    client = app.test_client()
    sign_in(client, "anna")
    idle = app.config["STAFF_IDLE_MINUTES"]
    for _ in range(3):  # use keeps the session open
        frozen.advance(minutes=idle - 1)
        assert client.get("/staff/").status_code == 200
    frozen.advance(minutes=idle, seconds=1)
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/sign-in" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "utan aktivitet" in page
    frozen.advance(minutes=idle - 1)  # coming back does not revive it
    assert client.get("/staff/").status_code == 302


def test_a_session_in_use_still_ends_after_session_hours(app, create_staff, frozen):
    create_staff("anna", "handlaggare")
    client = app.test_client()
    sign_in(client, "anna")
    steps = app.config["SESSION_HOURS"] * 60 // 20
    for _ in range(steps - 1):
        frozen.advance(minutes=20)
        assert client.get("/staff/").status_code == 200
    frozen.advance(minutes=21)
    assert client.get("/staff/").status_code == 302


def test_password_spraying_from_one_client_is_stopped(make_app, create_staff, frozen):
    app = make_app(STAFF_MAX_FAILED_LOGINS=2, RATELIMIT_ENABLED=False)
    app.extensions["eservices.clock"] = frozen
    create_staff_in(app, "anna")
    sprayer = client_at(app, OUTSIDER)
    statuses = [sign_in(sprayer, f"user{i}", password=WRONG).status_code for i in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    assert sign_in(sprayer, "anna").status_code == 429
    assert sign_in(client_at(app, COLLEAGUE), "anna").status_code == 302


def test_a_distributed_attack_slows_but_does_not_lock_an_account(make_app, frozen):
    app = make_app(STAFF_MAX_FAILED_LOGINS=2, RATELIMIT_ENABLED=False)
    app.extensions["eservices.clock"] = frozen
    create_staff_in(app, "anna")
    for i in range(20):  # the account's budget from all clients: 10 x 2 failures an hour
        sign_in(client_at(app, f"203.0.113.{i}"), "anna", password=WRONG)
    newcomer = client_at(app, "203.0.113.200")
    assert sign_in(newcomer, "anna", password=WRONG).status_code == 400
    assert sign_in(newcomer, "anna", password=WRONG).status_code == 429  # one try, then wait
    assert sign_in(client_at(app, COLLEAGUE), "anna").status_code == 302


def test_sign_in_failures_are_audited_without_passwords(app, create_staff):
    create_staff("anna", "handlaggare")
    sign_in(client_at(app, OUTSIDER), "anna", password=WRONG)
    sign_in(client_at(app, OUTSIDER), "my secret typed as a name", password=WRONG)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.action, e.subject) for e in events] == [("sign_in_failed", "anna"),
                                                           ("sign_in_failed", "")]
        stored = repr([(e.subject, e.details) for e in events])
        assert events[0].details["client"] == OUTSIDER
    assert WRONG not in stored and "my secret" not in stored


def create_staff_in(app, username: str) -> None:
    from eservices.cli import create_staff_user

    with app.app_context():
        create_staff_user(username, username.title(), ["handlaggare"],
                          "correct horse battery")


def test_ended_sessions_and_old_failures_are_purged_by_a_platform_job(app, create_staff,
                                                                      frozen):
    from eservices.staff.sessions import StaffSession

    create_staff("anna", "handlaggare")
    sign_in(app.test_client(), "anna")
    sign_in(client_at(app, OUTSIDER), "nobody", password=WRONG)
    frozen.advance(hours=25)
    result = app.test_cli_runner().invoke(args=["eservices", "run-job",
                                                "platform-purge-staff-records"])
    assert result.output.strip() == "platform-purge-staff-records: 2", result.output
    with app.app_context():
        assert db.session.scalars(select(StaffSession)).all() == []
        assert db.session.scalars(select(throttle.SignInFailure)).all() == []
