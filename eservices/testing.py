"""Pytest fixtures for the platform and for modules (``pytest_plugins = ["eservices.testing"]``).

Real parts only: a migrated database (SQLite, or PostgreSQL when
``TEST_DATABASE_URL`` is set - an unreachable server fails the run, never skips
it), the real app served on 127.0.0.1, and real Chromium driven by Playwright
with axe-core checking every page a test asks about.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from . import create_app
from .db import db
from .migrations import upgrade

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own on the same server.

    Workers reset their schema at the start; sharing one database they would drop
    each other's tables.  ``test`` becomes ``test_gw0``, ``test_gw1`` ...
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": name})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with every migration applied, once per test session."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = worker_database(url)
        reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x" * 32}, environ={},
                     instance_path=tmp_path_factory.mktemp("instance"))
    upgrade(app)
    return url


def app_settings(database_url: str) -> dict[str, Any]:
    return {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-" + "x" * 32,
            "TESTING": True, "LOG_LEVEL": "WARNING",
            # Tests must not depend on the hour they run at, nor race a background
            # sweeper; the tests of quiet hours and sweeping set these themselves.
            "QUIET_HOURS": "", "SWEEP_INTERVAL_SECONDS": 0, "PERIODIC_JOBS": "off"}


def empty_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build an app on the test database; tables are emptied after the test."""
    apps: list[Flask] = []

    def factory(environ: dict[str, str] | None = None, **overrides: Any) -> Flask:
        settings = {**app_settings(database_url), **overrides}
        app = create_app(settings, environ=environ or {}, instance_path=tmp_path / "instance")
        apps.append(app)
        return app

    yield factory
    for app in apps:
        # Background deliveries still running would write into the tables being emptied.
        app.extensions["notifications.dispatcher"].shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    empty_tables(database_url)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def create_staff(app: Flask) -> Callable[..., Any]:
    """Create a staff account: ``create_staff("anna", "handlaggare")``."""
    from .cli import create_staff_user

    def factory(username: str, *roles: str, password: str = "correct horse battery") -> Any:
        with app.app_context():
            user = create_staff_user(username, username.title(), list(roles), password)
            return user.id

    return factory


def csrf_token_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, username: str, password: str = "correct horse battery"):
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={
        "username": username, "password": password,
        "csrf_token": csrf_token_from(page.get_data(as_text=True))})


def sign_in_page(page: Any, username: str, password: str = "correct horse battery") -> None:
    """Sign in through the staff sign-in page in the browser, as staff do (Swedish names),
    and wait for the back office's start page."""
    from playwright.sync_api import expect

    page.goto("/staff/sign-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handläggning")


def client_at(app: Flask, base_url: str) -> Any:
    """A test client whose every request (and cookie) goes to ``base_url``, as a browser
    that reached the site under that address: ``client_at(app, "https://intern.example")``."""
    from flask.testing import FlaskClient

    class AddressedClient(FlaskClient):
        def open(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("base_url", base_url)
            return super().open(*args, **kwargs)

    return AddressedClient(app, app.response_class, use_cookies=True)


def sign_in_resident(client_or_page: Any, personal_number: str = "191212121212",
                     name: str = "Tolvan Tolvansson", assurance: str = "loa3",
                     provider: str = "demo") -> int:
    """Sign a resident in on a Flask test client or a Playwright page; the account's id.

    The session is opened by ``eservices.residents.sessions.start``, the code
    every provider's callback ends in, and its token put into the browser's
    session cookie (the rest of the cookie is kept: language, journeys).
    """
    from .residents.sessions import COOKIE_KEY, VerifiedIdentity, account_for, start

    page = None if hasattr(client_or_page, "application") else client_or_page
    app = client_or_page.application if page is None else _live_app_of(page)
    identity = VerifiedIdentity(personal_number=personal_number, name=name,
                                provider=provider, assurance=assurance)
    with app.test_request_context():
        token = start(identity)
        db.session.commit()
        account_id = account_for(personal_number).id
    if page is None:
        with client_or_page.session_transaction() as browser_session:
            browser_session[COOKIE_KEY] = token
            browser_session.permanent = True
        return account_id
    server = LiveServer.running[app]
    serializer = app.session_interface.get_signing_serializer(app)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    values: dict[str, Any] = {}
    for cookie in page.context.cookies(server.url):
        if cookie["name"] == cookie_name:
            values = dict(serializer.loads(cookie["value"]))
    values[COOKIE_KEY] = token
    values["_permanent"] = True
    page.context.add_cookies([{"name": cookie_name, "value": serializer.dumps(values),
                               "url": server.url, "httpOnly": True, "sameSite": "Lax"}])
    return account_id


def _live_app_of(page: Any) -> Flask:
    """The app behind the live server a Playwright page belongs to (the one running)."""
    for app, server in LiveServer.running.items():
        if page.url.startswith(server.url):
            return app
    if len(LiveServer.running) == 1:
        return next(iter(LiveServer.running))
    raise RuntimeError("sign_in_resident(page): open a page of the live server first")


class LiveServer:
    """The app served by werkzeug on 127.0.0.1 in a background thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # Links in messages are built on PUBLIC_BASE_URL: a test that follows one
        # must reach this server, not the development default on port 5000.
        if not app.config.get("PUBLIC_BASE_URL"):
            app.config["PUBLIC_BASE_URL"] = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    #: The servers now running, by app (``sign_in_resident`` finds a page's app here).
    running: dict[Flask, LiveServer] = {}

    def start(self) -> LiveServer:
        self._thread.start()
        LiveServer.running[self.app] = self
        return self

    def stop(self) -> None:
        LiveServer.running.pop(self.app, None)
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app).start()
    yield server
    server.stop()


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


class SwedishBrowser:
    """Chromium as tests get it: a new context is a Swedish resident's unless told.

    A first visit follows the browser's Accept-Language, and Chromium's own is
    American English; a test that wants another browser passes ``locale=``.
    """

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **kwargs: Any) -> Any:
        kwargs.setdefault("locale", "sv-SE")
        return self._browser.new_context(**kwargs)

    def new_page(self, **kwargs: Any) -> Any:
        kwargs.setdefault("locale", "sv-SE")
        return self._browser.new_page(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        yield SwedishBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page: Any) -> None:
    """Zero axe-core violations of WCAG 2.1 A and AA on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    # A click that navigates returns before the new document has loaded; axe-core run on a
    # document still being replaced fails with "reading 'documentElement'" instead of checking.
    page.wait_for_load_state()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    summary = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5]) for v in violations)
    assert not violations, f"axe-core violations on {page.url}:\n{summary}"
