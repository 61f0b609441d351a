"""The journey engine (tk.Flow) on a tiny journey of its own, through the test client.

kind → size (only for a bin) → lid (only for a large bin) → contact → check.
The lid step asks about an answer that can itself leave the path, which is
where a naive path computation keeps a page the resident will never see.
"""

import pytest
from flask import Blueprint, render_template_string
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from eservices import toolkit as tk
from eservices.forms.journey import JourneyState
from eservices.testing import csrf_token_from
from tests.sql_statements import statements


class KindPage(tk.QuestionForm):
    kind = RadioField("Kind", choices=[SelectChoice("bin", "A bin"),
                                        SelectChoice("other", "Something else")],
                      validators=[InputRequired()])


class SizePage(tk.QuestionForm):
    size = RadioField("Size", choices=[SelectChoice("small", "Small"),
                                        SelectChoice("large", "Large")],
                      validators=[InputRequired()])


class LidPage(tk.QuestionForm):
    lid = StringField("Lid", validators=[InputRequired()])


class ContactPage(tk.QuestionForm):
    name = StringField("Name", validators=[InputRequired()])


FLOW = tk.Flow("flow_test", [
    tk.Step("kind", KindPage, "flow_test/page.html"),
    tk.Step("size", SizePage, "flow_test/page.html",
            condition=lambda answers: answers.value("kind") == "bin"),
    tk.Step("lid", LidPage, "flow_test/page.html",
            condition=lambda answers: answers.value("size") == "large"),
    tk.Step("contact", ContactPage, "flow_test/page.html"),
])
PAGE = "step={{ step.name }} back={{ back }}<form>{{ form.csrf_token }}</form>"
CHECK = ("back={{ back }}{% for row in rows %}|{{ row.key }}={{ row.value }}"
         "@{{ row.change_url }}{% endfor %}<form>{{ form.csrf_token }}</form>")
SUBMITTED: list[str] = []


def _submit(journey, answers):
    SUBMITTED.append(journey.reference)


bp = Blueprint("flow_test", __name__)
bp.add_url_rule("/", "start", lambda: "start")
bp.add_url_rule("/begin", "begin", FLOW.begin)
bp.add_url_rule(f"/<any({', '.join(FLOW.slugs())}):step>", "question",
                lambda step: FLOW.page(FLOW.by_slug(step).name), methods=["GET", "POST"])
bp.add_url_rule("/check", "check", lambda: FLOW.check("flow_test/check.html", _submit,
                                                      reference_prefix="FT"),
                methods=["GET", "POST"])
bp.add_url_rule("/confirmation", "confirmation",
                lambda: render_template_string("done {{ r }}", r=FLOW.finished().reference))


def flow_app(make_app):
    app = make_app()
    app.register_blueprint(bp, url_prefix="/flow")
    app.jinja_loader = ChoiceLoader([DictLoader({"flow_test/page.html": PAGE,
                                                 "flow_test/check.html": CHECK}),
                                     app.jinja_loader])
    return app


@pytest.fixture
def client(make_app):
    SUBMITTED.clear()
    return flow_app(make_app).test_client()


def answer(client, path, **data):
    token = csrf_token_from(client.get(f"/flow/{path}").get_data(as_text=True))
    return client.post(f"/flow/{path}", data={**data, "csrf_token": token})


def small_bin_by_eva(client):
    """Begin and answer every page for a small bin: kind, size, contact."""
    client.get("/flow/begin")
    answer(client, "kind", kind="bin")
    answer(client, "size", size="small")
    answer(client, "contact", name="Eva")


def moves_to(response, where):
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]
    assert response.location == f"/flow/{where}", response.location


def test_the_path_follows_the_conditions(client):
    moves_to(client.get("/flow/begin"), "kind")
    moves_to(answer(client, "kind", kind="bin"), "size")
    moves_to(answer(client, "size", size="large"), "lid")
    moves_to(answer(client, "lid", lid="green"), "contact")
    moves_to(answer(client, "contact", name="Eva"), "check")

    moves_to(client.get("/flow/begin"), "kind")  # same journey, from its first page
    moves_to(answer(client, "kind", kind="other"), "contact")  # size and lid skipped


def test_back_links_follow_the_path(client):
    client.get("/flow/begin")
    assert "back=/flow/<" in client.get("/flow/kind").get_data(as_text=True)
    answer(client, "kind", kind="other")
    assert "back=/flow/kind<" in client.get("/flow/contact").get_data(as_text=True)
    answer(client, "kind", kind="bin")
    answer(client, "size", size="small")
    assert "back=/flow/size<" in client.get("/flow/contact").get_data(as_text=True)
    assert "back=/flow/check<" in client.get("/flow/size?change=1").get_data(as_text=True)


def test_skipping_ahead_goes_to_the_first_unanswered_step(client):
    client.get("/flow/begin")
    moves_to(client.get("/flow/contact"), "kind")
    moves_to(client.get("/flow/check"), "kind")
    answer(client, "kind", kind="other")
    moves_to(client.get("/flow/size"), "contact")  # off the path: to the first unanswered
    answer(client, "contact", name="Eva")
    moves_to(client.get("/flow/lid"), "check")  # off the path, nothing missing


def test_answers_that_leave_the_path_are_discarded_with_what_depended_on_them(client):
    client.get("/flow/begin")
    answer(client, "kind", kind="bin")
    answer(client, "size", size="large")
    answer(client, "lid", lid="green")
    answer(client, "contact", name="Eva")
    moves_to(answer(client, "kind?change=1", kind="other"), "check")
    check = client.get("/flow/check").get_data(as_text=True)
    assert "Size=" not in check and "Lid=" not in check
    with client.application.app_context():
        [state] = tk.db.session.scalars(select(JourneyState)).all()
        assert set(state.answers) == {"kind", "contact"}  # the lid went with the size
    # Both are gone from the stored answers: choosing a bin again asks them afresh.
    moves_to(answer(client, "kind?change=1", kind="bin"), "size?change=1")
    assert 'checked' not in client.get("/flow/size?change=1").get_data(as_text=True)
    moves_to(answer(client, "size?change=1", size="large"), "lid?change=1")


def test_a_change_returns_to_check_answers_once_new_pages_are_answered(client):
    small_bin_by_eva(client)
    moves_to(answer(client, "contact?change=1", name="Ewa"), "check")
    moves_to(answer(client, "size?change=1", size="large"), "lid?change=1")  # a new page
    moves_to(answer(client, "lid?change=1", lid="blue"), "check")


def test_check_rows_list_the_answers_on_the_path_with_change_links(client):
    small_bin_by_eva(client)
    check = client.get("/flow/check").get_data(as_text=True)
    assert check.startswith("back=/flow/contact|")
    assert ("|Kind=A bin@/flow/kind?change=1|Size=Small@/flow/size?change=1"
            "|Name=Eva@/flow/contact?change=1<") in check
    assert "Lid" not in check


def test_submitting_twice_submits_once_and_both_see_the_confirmation(client):
    client.get("/flow/begin")
    answer(client, "kind", kind="other")
    answer(client, "contact", name="Eva")
    token = csrf_token_from(client.get("/flow/check").get_data(as_text=True))
    first = client.post("/flow/check", data={"csrf_token": token})
    second = client.post("/flow/check", data={"csrf_token": token})
    assert first.status_code == 303 and first.location == second.location == "/flow/confirmation"
    assert len(SUBMITTED) == 1 and SUBMITTED[0].startswith("FT-")
    assert SUBMITTED[0] in client.get("/flow/confirmation").get_data(as_text=True)
    moves_to(client.get("/flow/kind"), "confirmation")  # the back button: no second case
    moves_to(client.get("/flow/begin"), "kind")  # start again: a fresh journey
    moves_to(client.get("/flow/contact"), "kind")


def test_a_flow_is_plain_data_checked_when_built(app):
    with pytest.raises(ValueError, match="two steps share a name"):
        tk.Flow("twice", [tk.Step("a", KindPage), tk.Step("a", SizePage)])
    assert FLOW.slugs() == ["kind", "size", "lid", "contact"]
    with pytest.raises(NotFound):
        FLOW.by_slug("nowhere")


def test_showing_a_page_writes_nothing_and_leaves_the_cookie_alone(client):
    client.get("/flow/begin")
    answer(client, "kind", kind="bin")
    for path in ("/flow/size", "/flow/kind", "/flow/size?change=1"):
        with statements(client.application) as seen:
            shown = client.get(path)
        assert shown.status_code == 200 and "csrf_token" in shown.get_data(as_text=True)
        assert seen == ["SELECT"], (path, seen)  # the journey's one read, no COMMIT
        assert "Set-Cookie" not in shown.headers, path
    answer(client, "size", size="small")
    answer(client, "contact", name="Eva")
    with statements(client.application) as seen:
        check = client.get("/flow/check")
    assert "|Kind=A bin@" in check.get_data(as_text=True)
    assert "COMMIT" not in seen and set(seen) == {"SELECT"}, seen
    assert "Set-Cookie" not in check.headers


def test_the_first_visit_without_begin_still_stores_the_new_journey(client):
    with statements(client.application) as seen:
        shown = client.get("/flow/kind")
    assert shown.status_code == 200 and "INSERT" in seen and "COMMIT" in seen
    assert "Set-Cookie" in shown.headers
    moves_to(answer(client, "kind", kind="other"), "contact")


def test_answers_survive_a_crash_between_steps(make_app):
    SUBMITTED.clear()
    first = flow_app(make_app).test_client()
    first.get("/flow/begin")
    answer(first, "kind", kind="bin")
    answer(first, "size", size="large")
    first.get("/flow/lid")  # shown, then the worker dies before the next answer
    cookie = first.get_cookie("eservices_session").value

    again = flow_app(make_app).test_client()  # another process, the same browser
    again.set_cookie("eservices_session", cookie)
    shown = again.get("/flow/lid")
    assert shown.status_code == 200 and "step=lid back=/flow/size<" in shown.get_data(
        as_text=True)
    moves_to(answer(again, "lid", lid="green"), "contact")
    moves_to(answer(again, "contact", name="Eva"), "check")
    check = again.get("/flow/check").get_data(as_text=True)
    assert "|Kind=A bin@" in check and "|Size=Large@" in check and "|Lid=green@" in check


def test_a_module_question_page_only_reads_too(client):
    """The textile pick-up's first page, as the benchmark loads it (bench/pages.py)."""
    client.get("/textile-reuse/begin")
    for _ in range(2):
        with statements(client.application) as seen:
            shown = client.get("/textile-reuse/address")
        assert shown.status_code == 200 and 'name="csrf_token"' in shown.get_data(as_text=True)
        assert seen == ["SELECT"], seen
        assert "Set-Cookie" not in shown.headers
