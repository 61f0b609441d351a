"""Response headers: HSTS, Permissions-Policy, no caching of machine answers, Allow on 405."""

from __future__ import annotations

PUBLIC = "https://e.exempelkommun.se"


def test_production_pages_carry_hsts_and_permissions_policy(make_app):
    client = make_app(ESERVICES_ENV="production", PUBLIC_BASE_URL=PUBLIC).test_client()
    response = client.get("/", base_url=PUBLIC)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_hsts_behind_https_and_not_on_plain_development(make_app):
    https = make_app(PREFERRED_URL_SCHEME="https").test_client().get("/healthz")
    assert "Strict-Transport-Security" in https.headers
    plain = make_app().test_client().get("/")
    assert "Strict-Transport-Security" not in plain.headers
    assert "Permissions-Policy" in plain.headers


def test_machine_answers_are_never_cached(app):
    client = app.test_client()
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    problem = client.get("/api/v1/collection-alerts/route-days/R1/2026-11-30")
    assert problem.mimetype == "application/problem+json"
    assert problem.headers["Cache-Control"] == "no-store"
    assert client.get("/theme.css").headers["Cache-Control"] == "max-age=300"  # still cached


def test_405_says_which_methods_are_allowed(app):
    client = app.test_client()
    page = client.post("/healthz")
    assert page.status_code == 405
    assert set(page.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    assert page.mimetype == "text/html"
    api = client.delete("/api/v1/collection-alerts/route-days/R1/2026-11-30")
    assert api.status_code == 405 and api.mimetype == "application/problem+json"
    assert "GET" in api.headers["Allow"]


def test_the_session_serializer_is_built_once_per_secret_key(app):
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    cookie = first.dumps({"lang": "en"})
    # The key rotated: a new serializer, and the old key still opens old cookies.
    old_key = app.secret_key
    app.secret_key = app.config["SECRET_KEY"] = "a-new-key-" + "z" * 32
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first
    assert rotated.loads(cookie) == {"lang": "en"}
    assert rotated.dumps({"a": 1}) != first.dumps({"a": 1})


def test_hooks_are_asked_once_whether_they_are_coroutines(app, monkeypatch):
    from eservices import application

    asked: list[object] = []
    real = application.iscoroutinefunction
    monkeypatch.setattr(application, "iscoroutinefunction",
                        lambda func: asked.append(func) or real(func))

    def hook() -> None:
        return None

    assert app.ensure_sync(hook) is hook and app.ensure_sync(hook) is hook
    assert asked == [hook]

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def method(self) -> None:
            return None

    method = Unhashable().method
    assert app.ensure_sync(method) == method  # answered, not kept
