"""The journey editor's structure: the list, creating a journey, the overview, settings."""

from __future__ import annotations

from eservices.db import db
from eservices.journeys import store
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in

from ._definitions import bin_problem
from ._editor_structure import EDITOR, designer, draft, make_journey, submit

__all__ = ["designer"]


def test_a_designer_creates_a_journey_and_sees_it_listed(app, designer):
    page = designer.get(f"{EDITOR}/new").get_data(as_text=True)
    assert "Name of the service (Svenska)" in page and "Name of the service (English)" in page
    response = submit(designer, f"{EDITOR}/new", {
        "name_sv": "Anmäl trasig gatlykta", "name_en": "Report a broken street light",
        "owner": "Gatuenheten", "category": "contact", "reference_prefix": "lyk"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{EDITOR}/anmal-trasig-gatlykta/")
    created = draft(app, "anmal-trasig-gatlykta")
    assert created.name == {"sv": "Anmäl trasig gatlykta", "en": "Report a broken street light"}
    assert (created.category, created.reference_prefix, created.owner) == (
        "contact", "LYK", "Gatuenheten")
    listing = designer.get(f"{EDITOR}/").get_data(as_text=True)
    assert "Report a broken street light" in listing and "/anmal-trasig-gatlykta/" in listing
    assert "Not published" in listing and "Idea" in listing
    overview = designer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Start page text and summary" in overview and "Has problems" in overview


def test_the_address_must_be_free_and_not_reserved(app, designer):
    make_journey(app, bin_problem())
    for slug, message in (("bin-problem", "already used by another service"),
                          ("staff", "reserved"), ("test", "reserved"),
                          ("accessibility-report", "already used by another service"),
                          ("Bad_Slug", "Use 3 to 40 small letters")):
        response = submit(designer, f"{EDITOR}/new", {
            "name_sv": "Något", "slug": slug, "owner": "Team", "category": "other",
            "reference_prefix": "AB"})
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and message in html, slug
        assert "<title>Error:" in html
    response = submit(designer, f"{EDITOR}/new", {"name_sv": "", "owner": "",
                                                  "reference_prefix": "A1"})
    html = response.get_data(as_text=True)
    assert "Enter the name of the service" in html and "Name the team responsible" in html
    assert "Use 2 to 5 letters A to Z" in html
    with app.app_context():
        assert len(store.all_journeys()) == 1


def test_only_designers_open_the_editor(app, create_staff):
    make_journey(app, bin_problem())
    create_staff("hanna", "handlaggare")
    client = app.test_client()
    sign_in(client, "hanna")
    for url in ("/", "/new", "/bin-problem/", "/bin-problem/pages",
                "/bin-problem/pages/problem", "/bin-problem/problems"):
        assert client.get(EDITOR + url).status_code == 403, url


def test_the_overview_is_a_task_list_with_the_state_of_each_task(app, designer):
    make_journey(app, bin_problem())
    html = designer.get(f"{EDITOR}/bin-problem/").get_data(as_text=True)
    for task in ("Start page text and summary", "Pages", "Check answers and declaration",
                 "Confirmation page", "Privacy notice and where submissions go", "Problems"):
        assert f">{task}</a>" in html, task
    assert 'aria-describedby="task-2-1-status"' in html
    assert "The draft has no problems." in html


def test_settings_pages_save_every_language_and_report_problems(app, designer):
    make_journey(app, bin_problem())
    base = f"{EDITOR}/bin-problem"
    response = submit(designer, f"{base}/start", {"summary_en": "", "start_sv": "Läs först.",
                                                  "reference_prefix": "bn"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/start")
    saved = draft(app, "bin-problem")
    assert saved.start == {"sv": "Läs först."} and saved.reference_prefix == "BN"
    assert "summary" not in saved.summary or "en" not in saved.summary
    html = designer.get(f"{base}/start").get_data(as_text=True)
    assert "Saved. The journey has 1 problem to fix" in html
    problems = designer.get(f"{base}/problems").get_data(as_text=True)
    assert f'href="{base}/start#summary-en"' in problems
    assert 'id="summary-en"' in html

    submit(designer, f"{base}/check-answers", {"check_title_sv": "Kontrollera",
                                               "declaration_sv": "Jag intygar.",
                                               "declaration_en": "I confirm."})
    submit(designer, f"{base}/confirmation", {"next_steps_en": "We will call you."})
    response = submit(designer, f"{base}/privacy", {"retention_days": "90",
                                                    "legal_basis": "legal_obligation",
                                                    "team_email": "avfall@example.se"})
    assert response.status_code == 303
    saved = draft(app, "bin-problem")
    assert saved.check_answers.title == {"sv": "Kontrollera"}
    assert saved.check_answers.declaration == {"sv": "Jag intygar.", "en": "I confirm."}
    assert saved.confirmation.next_steps["en"] == "We will call you."
    assert (saved.privacy.retention_days, saved.privacy.legal_basis) == (90, "legal_obligation")
    assert saved.submissions.team_email == "avfall@example.se"
    for bad, message in (({"retention_days": "0"}, "from 1 to 3660"),
                         ({"retention_days": "x"}, "Enter a whole number"),
                         ({"retention_days": ""}, "Enter how many days"),
                         ({"team_email": "nope"}, "Enter an e-mail address")):
        html = submit(designer, f"{base}/privacy", bad).get_data(as_text=True)
        assert message in html, bad
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEvent.action)).all()
        assert "journey_settings_changed" in actions


def test_a_stale_revision_is_refused_and_the_typed_text_kept(app, designer):
    make_journey(app, bin_problem())
    url = f"{EDITOR}/bin-problem/confirmation"
    old_page = designer.get(url).get_data(as_text=True)
    submit(designer, url, {"next_steps_sv": "Först."})
    response = submit(designer, url, {"next_steps_sv": "Min text."}, html=old_page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Someone else saved this journey" in html
    assert "Min text." in html
    assert draft(app, "bin-problem").confirmation.next_steps["sv"] == "Först."


def test_an_ejected_journey_is_read_only(app, designer):
    make_journey(app, bin_problem())
    with app.app_context():
        record = store.by_slug("bin-problem")
        record.ejected_at = record.created_at
        db.session.commit()
    base = f"{EDITOR}/bin-problem"
    html = designer.get(f"{base}/confirmation").get_data(as_text=True)
    assert "Read only." in html and ">Save</button>" not in html
    before = draft(app, "bin-problem")
    token = csrf_token_from(html)
    for url in ("/confirmation", "/pages/new", "/pages/since", "/pages/since/delete",
                "/pages/mobile/condition", "/pages/since/move"):
        response = designer.post(base + url, data={
            "csrf_token": token, "revision": "1", "next_steps_sv": "X", "kind": "number",
            "action": "clear", "direction": "up"})
        assert response.status_code == 303, url
    assert draft(app, "bin-problem") == before
    pages = designer.get(f"{base}/pages").get_data(as_text=True)
    assert "Move up" not in pages and "Add a page" not in pages

