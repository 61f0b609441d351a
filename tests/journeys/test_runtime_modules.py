"""A built journey is a module like any other: catalogue, versions, rounds, password, robots."""

from __future__ import annotations

from sqlalchemy import select

from eservices.db import db, utcnow
from eservices.designer import models as designer_models
from eservices.journeys import catalogue, store
from eservices.journeys.models import JourneySubmission
from eservices.testing import csrf_token_from, sign_in

from ._definitions import bin_problem, texts
from ._runtime import answer, post, publish, start, walk_broken_bin


def version_two():
    data = bin_problem()
    data["pages"][0]["question"]["label"] = texts("Vad har hänt med kärlet?",
                                                  "What happened to the bin?")
    return data


def test_the_catalogue_lists_a_published_journey(app, client):
    assert "Anmäl problem med kärlet" not in client.get("/").get_data(as_text=True)
    publish(app)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/bin-problem/"' in html and "Anmäl problem med kärlet" in html


def test_a_resident_finishes_on_the_version_they_started(app, client):
    publish(app)
    walk_broken_bin(client)
    assert publish(app, version_two(), note="Ny fråga") == 2
    assert "Vad är problemet?" in client.get("/bin-problem/problem").get_data(as_text=True)
    post(client, "/bin-problem/check-answers")
    with app.app_context():
        assert db.session.scalar(select(JourneySubmission.version_number)) == 1
    # The next journey starts on version 2.
    first = start(client)
    assert "Vad har hänt med kärlet?" in client.get(first).get_data(as_text=True)
    newcomer = app.test_client()
    assert "Vad har hänt med kärlet?" in newcomer.get(start(newcomer)).get_data(as_text=True)


def test_prototype_stage_has_its_banner_password_and_noindex(make_app):
    app = make_app(PROTECT_PROTOTYPES="on")
    publish(app)
    client = app.test_client()
    response = client.get("/bin-problem/")
    assert response.status_code == 302 and "/prototype-access" in response.headers["Location"]
    open_app = make_app()
    html = open_app.test_client().get("/bin-problem/").get_data(as_text=True)
    assert 'content="noindex, nofollow"' in html and "tag--prototype" in html


def test_pilot_stage_shows_the_feedback_widget(app, client):
    publish(app, stage="pilot")
    html = client.get("/bin-problem/").get_data(as_text=True)
    assert 'id="feedback"' in html and 'name="feedback-module_id"' in html
    assert 'value="bin_problem"' in html


def test_designer_pages_know_the_built_journey(app, create_staff):
    publish(app)
    create_staff("dana", "tjanstedesigner")
    designer = app.test_client()
    sign_in(designer, "dana")
    assert designer.get("/staff/design/bin_problem").status_code == 200
    assert "Anmäl problem med kärlet" in designer.get("/staff/design/").get_data(as_text=True)


def test_a_test_round_keeps_measuring_its_version(app, create_staff):
    publish(app)
    create_staff("dana", "tjanstedesigner")
    designer = app.test_client()
    sign_in(designer, "dana")
    response = post(designer, "/staff/design/bin_problem/rounds", {
        "name": "Sprint 1", "tasks": "Anmäl ett trasigt kärl | /bin-problem/confirmation"})
    assert response.status_code == 302
    with app.app_context():
        test_round = db.session.scalar(select(designer_models.TestRound))
        assert test_round.version_number == 1
        code = test_round.code
    publish(app, version_two(), note="Ny fråga")
    participant = app.test_client()
    post(participant, f"/test/{code}")
    to_module = post(participant, "/test/task")
    assert to_module.headers["Location"] == "/bin-problem/"
    first = start(participant)
    assert "Vad är problemet?" in participant.get(first).get_data(as_text=True)
    answer(participant, first, {"problem": "broken"})
    assert designer.get(f"/staff/design/rounds/{test_round.id}").status_code == 200
    with app.app_context():
        assert db.session.get(designer_models.TestRound, test_round.id).version_number == 1
        [attempt] = db.session.scalars(select(designer_models.TaskAttempt)).all()
        assert "/bin-problem/problem" in attempt.pages  # the recorder sees the module


def test_expired_page_keeps_the_answers(app, client):
    publish(app)
    first = start(client)
    response = client.post(first, data={"problem": "broken", "csrf_token": "expired"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/problem")
    html = client.get(first).get_data(as_text=True)
    assert 'value="broken"\n               checked' in html or 'value="broken" checked' in html
    token = csrf_token_from(html)
    assert client.post(first, data={"problem": "broken", "csrf_token": token}).status_code == 302


def test_an_ejected_journey_is_no_longer_served_from_its_definition(app, client):
    """After ``flask journeys eject`` the code module owns the id and the address: the
    definition stops serving residents (and unknown addresses stay 404, not a journey)."""

    publish(app)
    assert client.get("/bin-problem/").status_code == 200
    with app.app_context():
        record = store.by_slug("bin-problem")
        record.ejected_at, record.ejected_version = utcnow(), 1
        db.session.commit()
        catalogue.invalidate()
    assert client.get("/bin-problem/").status_code == 404
    assert client.get("/bin-problem/problem").status_code == 404
    assert "Anmäl problem med kärlet" not in client.get("/").get_data(as_text=True)
    assert client.post("/healthz").status_code == 405  # no journey route takes it
