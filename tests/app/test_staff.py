"""Staff sign-in, lockout, roles, and the guard over every page under /staff."""

import re

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent, StaffUser
from eservices.testing import csrf_token_from, sign_in

ROLES = ("handlaggare", "tjanstedesigner", "administrator")


def _example_url(rule) -> str:
    url = rule.rule
    for argument in rule.arguments:
        url = re.sub(rf"<(?:[^:<>]+:)?{argument}>", "1", url)
    return url


def _staff_rules(app):
    return [r for r in app.url_map.iter_rules()
            if r.rule.startswith("/staff") and r.endpoint not in ("staff.sign_in",
                                                                  "staff.sign_out")]


def test_staff_rules_exist_from_platform_and_modules(app):
    endpoints = {r.endpoint for r in _staff_rules(app)}
    assert "staff.dashboard" in endpoints
    assert "accessibility_report_staff.queue" in endpoints


def test_every_staff_page_refuses_anonymous_visitors(app, client):
    for rule in _staff_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_example_url(rule), method=method)
            assert response.status_code in (302, 400), (rule.rule, method)
            if response.status_code == 302:
                assert "/staff/sign-in" in response.location, rule.rule


def test_every_staff_page_refuses_the_wrong_role(app, create_staff):
    from eservices.staff.auth import required_roles

    for role in ROLES:
        create_staff(f"user-{role}", role)
    checked = 0
    with app.test_request_context():
        needs = {rule.endpoint: required_roles(rule.endpoint) for rule in _staff_rules(app)}
    for role in ROLES:
        client = app.test_client()
        assert sign_in(client, f"user-{role}").status_code == 302
        token = csrf_token_from(client.get("/staff/").get_data(as_text=True))
        for rule in _staff_rules(app):
            if role == "administrator" or role in needs[rule.endpoint]:
                continue
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                data = {"csrf_token": token} if method == "POST" else None
                response = client.open(_example_url(rule), method=method, data=data)
                assert response.status_code == 403, (role, method, rule.rule,
                                                     response.status_code)
                checked += 1
    assert checked >= 3


def test_every_module_staff_endpoint_is_named_in_its_manifest(app):
    """No module relies on a default: each staff endpoint's roles are declared."""
    registry = app.extensions["eservices.modules"]
    for rule in _staff_rules(app):
        module = registry.for_blueprint(rule.endpoint.split(".")[0])
        if module is None:
            continue
        assert rule.endpoint.split(".", 1)[1] in module.staff_access(), rule.endpoint


def test_an_endpoint_the_manifest_does_not_name_is_for_administrators_only(app):
    from eservices.staff.auth import required_roles

    with app.test_request_context():
        assert required_roles("waste_subscription_staff.not_declared") == ("administrator",)
        assert required_roles("collection_alerts_staff.api_key_new") == ("administrator",)
        assert required_roles("collection_alerts_staff.route_day") == ("handlaggare",)


def test_sign_in_and_out(app, client, create_staff):
    create_staff("anna", "handlaggare")
    response = sign_in(client, "anna")
    assert response.status_code == 302 and response.location.endswith("/staff/")
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert "Inloggad som Anna" in dashboard
    assert "Rapporter om tillgänglighet" in dashboard
    assert "Moduler" not in dashboard  # an administrator's page
    token = csrf_token_from(dashboard)
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/staff/").status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["sign_in", "sign_out"]


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, create_staff):
    create_staff("anna", "handlaggare")
    for username in ("anna", "nobody"):
        response = sign_in(client, username, password="wrong password here")
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Användarnamnet eller lösenordet är fel." in html
        assert html.count("Fel:") >= 1


def test_repeated_failures_make_that_client_wait(app, client, create_staff):
    # Not an account lock (issue #12): tests/app/test_staff_security.py shows the
    # account still signs in from another client.
    create_staff("anna", "handlaggare")
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"]):
        sign_in(client, "anna", password="wrong password here")
    response = sign_in(client, "anna")  # the right password no longer helps from here
    assert response.status_code == 429
    assert "Försök igen om 1 minut." in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.username == "anna"))
        assert user.last_login_at is None


def test_passwords_are_stored_with_a_strong_hash(app, create_staff):
    create_staff("anna", "handlaggare")
    with app.app_context():
        user = db.session.scalar(select(StaffUser))
        assert user.password_hash.startswith("scrypt:")
        assert "correct horse" not in user.password_hash


def test_create_user_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["eservices", "create-user", "bertil", "--role", "handlaggare",
                                 "--role", "tjanstedesigner", "--name", "Bertil B"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.username == "bertil"))
        assert user.role_set == {"handlaggare", "tjanstedesigner"}
    short = runner.invoke(args=["eservices", "create-user", "c", "--role", "handlaggare"],
                          input="short\nshort\n")
    assert short.exit_code != 0 and "12 characters" in short.output


@pytest.mark.parametrize("role", ["handlaggare", "tjanstedesigner"])
def test_platform_admin_pages_need_the_administrator_role(app, create_staff, role):
    create_staff("x", role)
    client = app.test_client()
    sign_in(client, "x")
    assert client.get("/staff/modules").status_code == 403
    assert client.get("/staff/audit").status_code == 403


def test_sign_in_attempts_are_rate_limited_per_client(client):
    statuses = [sign_in(client, f"nobody{i}", password="wrong password here").status_code
                for i in range(21)]
    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429


def test_purge_journeys_removes_only_stale_answers(app):
    from datetime import timedelta

    from eservices.db import utcnow
    from eservices.forms.journey import JourneyState

    with app.app_context():
        db.session.add_all([
            JourneyState(id="old", name="x", answers={"a": ["1"]}, recovered={},
                         updated_at=utcnow() - timedelta(hours=9)),
            JourneyState(id="new", name="x", answers={}, recovered={}, updated_at=utcnow()),
        ])
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["eservices", "purge-journeys"])
    assert "Deleted 1 journeys" in result.output
    with app.app_context():
        assert db.session.scalars(select(JourneyState.id)).all() == ["new"]
