"""The editor's pages: adding every kind, editing side by side, options, moving, deleting."""

from __future__ import annotations

from eservices.db import db
from eservices.journeys.schema import QUESTION_TYPES
from eservices.staff.models import AuditEvent

from ._editor_structure import BASE, EDITOR, designer, draft, forms_of, journey, submit

__all__ = ["designer", "journey"]


def add(client, kind: str):
    response = submit(client, f"{BASE}/pages/new", {"kind": kind})
    assert response.status_code == 303, kind
    return response.headers["Location"]


def test_every_kind_of_page_can_be_added_and_opens_for_editing(app, designer, journey):
    form = designer.get(f"{BASE}/pages/new").get_data(as_text=True)
    for words in ("Short answer", "Several choices", "Personnummer", "Consent",
                  "A page with information", "An exit page"):
        assert words in form
    for kind in (*QUESTION_TYPES, "content", "exit"):
        location = add(designer, kind)
        page = designer.get(location)
        assert page.status_code == 200, kind
        html = page.get_data(as_text=True)
        assert "Preview in Svenska" in html and "Preview in English" in html, kind
    pages = draft(app, "bin-problem").pages
    added = pages[5:]
    assert [p.question.type if p.question else p.kind for p in added] == [
        *QUESTION_TYPES, "content", "exit"]
    assert added[0].key == "short_text" and added[-1].kind == "exit"
    listing = designer.get(f"{BASE}/pages").get_data(as_text=True)
    assert "Shown only if the answer to “What is the problem?” is “The bin was not emptied”" \
        in listing
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "journey_page_added")) == len(added)
    assert "Select the kind of page" in submit(designer, f"{BASE}/pages/new", {
        "kind": "nonsense"}).get_data(as_text=True)


def test_texts_side_by_side_settings_and_the_key(app, designer, journey):
    location = add(designer, "number")
    html = designer.get(location).get_data(as_text=True)
    assert 'id="page-number-label-sv"' in html and 'id="page-number-label-en"' in html
    response = submit(designer, location, {
        "label_sv": "Hur många kärl?", "label_en": "How many bins?",
        "hint_sv": "Räkna alla.", "summary_label_en": "Bins", "required": "no",
        "minimum": "1", "maximum": "12", "key": "bins", "autocomplete": "",
        "personal_data": "y"}, button=("action", "save"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/pages/bins")
    page = draft(app, "bin-problem").page("bins")
    question = page.question
    assert question.label == {"sv": "Hur många kärl?", "en": "How many bins?"}
    assert question.hint == {"sv": "Räkna alla."} and question.summary_label == {"en": "Bins"}
    assert (question.required, question.minimum, question.maximum) == (False, 1, 12)
    assert question.personal_data and question.autocomplete is None
    html = designer.get(response.headers["Location"]).get_data(as_text=True)
    assert "The hint is missing in English" in html and 'href="#page-bins-hint-en"' in html
    assert 'id="page-bins-hint-en"' in html
    assert "How many bins? (optional)" in html  # the English preview, in English
    assert "Hur många kärl? (valfritt)" in html  # the Swedish preview, in Swedish

    html = submit(designer, f"{BASE}/pages/bins", {"minimum": "5", "maximum": "2",
                                                   "key": "Bad key"},
                  button=("action", "save")).get_data(as_text=True)
    assert "The largest number must be at least the smallest" in html
    assert "Use small letters a to z" in html
    html = submit(designer, f"{BASE}/pages/bins", {"key": "problem"},
                  button=("action", "save")).get_data(as_text=True)
    assert "Another page already has the key “problem”" in html
    assert draft(app, "bin-problem").page("bins").question.minimum == 1


def test_renaming_a_key_carries_conditions_and_receipts_along(app, designer, journey):
    response = submit(designer, f"{BASE}/pages/mobile", {"key": "phone"},
                      button=("action", "save"))
    assert response.status_code == 303
    saved = draft(app, "bin-problem")
    assert saved.receipts[0].to == "phone"
    submit(designer, f"{BASE}/pages/contact", {"key": "may_contact"},
           button=("action", "save"))
    assert draft(app, "bin-problem").page("phone").condition.question == "may_contact"


def test_preview_shows_unsaved_values_without_saving(app, designer, journey):
    html = submit(designer, f"{BASE}/pages/call_us", {"title_en": "Phone us instead"},
                  button=("action", "preview")).get_data(as_text=True)
    assert "with the values you typed" in html and "Phone us instead" in html
    assert 'value="Phone us instead"' in html  # still in the form, ready to save
    assert draft(app, "bin-problem").page("call_us").title["en"] == "Call us"


def test_options_are_pasted_in_columns_and_keep_their_values(app, designer, journey):
    html = designer.get(f"{BASE}/pages/problem").get_data(as_text=True)
    assert "Kärlet är trasigt | The bin is broken" in html
    text = ("Kärlet tömdes inte | The bin was not emptied\n"
            "Kärlet är trasigt | The bin is really broken\n\n"
            "Fel på lock | Broken lid\n"
            "Annat")
    response = submit(designer, f"{BASE}/pages/problem", {"options": text},
                      button=("action", "save"))
    assert response.status_code == 303
    options = draft(app, "bin-problem").page("problem").question.options
    assert [(o.value, o.label) for o in options] == [
        ("missed", {"sv": "Kärlet tömdes inte", "en": "The bin was not emptied"}),
        ("broken", {"sv": "Kärlet är trasigt", "en": "The bin is really broken"}),
        ("fel_pa_lock", {"sv": "Fel på lock", "en": "Broken lid"}),
        ("annat", {"sv": "Annat"})]
    for bad, message in (("A | B\nA | C", "Line 2 is the same as line 1"),
                         ("A | ", "Line 1 has no text in English"),
                         (" | B", "Line 1 has no text in Svenska"),
                         ("A | B | C", "Line 1 has 3 columns, but the site has 2 languages")):
        html = submit(designer, f"{BASE}/pages/problem", {"options": bad},
                      button=("action", "save")).get_data(as_text=True)
        assert message in html, bad
        assert 'href="#page-problem-options"' in html
    assert len(draft(app, "bin-problem").page("problem").question.options) == 4


def move(client, key: str, direction: str):
    """Press "Move up"/"Move down" of one page in the list, as a browser would."""
    listing = client.get(f"{BASE}/pages").get_data(as_text=True)
    form = next(f for f in forms_of(listing) if f["action"].endswith(f"/{key}/move")
                and ("direction", direction) in f["buttons"])
    return client.post(form["action"], data={**dict(form["fields"]), "direction": direction})


def keys(app) -> list[str]:
    return [page.key for page in draft(app, "bin-problem").pages]


def test_pages_move_up_and_down_but_never_above_their_condition(app, designer, journey):
    listing = designer.get(f"{BASE}/pages").get_data(as_text=True)
    assert 'Move up<span class="visually-hidden"> When did it break?' in listing
    assert move(designer, "since", "up").status_code == 303
    assert keys(app) == ["problem", "since", "call_us", "contact", "mobile"]
    move(designer, "since", "down")
    assert keys(app) == ["problem", "call_us", "since", "contact", "mobile"]
    # mobile depends on contact: moving it above is refused, saying why
    response = move(designer, "mobile", "up")
    html = designer.get(response.headers["Location"]).get_data(as_text=True)
    assert "The page was not moved" in html and "at or after this page" in html
    assert keys(app)[-2:] == ["contact", "mobile"]
    # the first page has no "Move up", the last no "Move down"
    listing = designer.get(f"{BASE}/pages").get_data(as_text=True)
    assert 'Move up<span class="visually-hidden"> What is the problem?' not in listing
    assert 'Move down<span class="visually-hidden"> Mobile number' not in listing
    # a stale list (another tab) is refused instead of moving the wrong page
    form = next(f for f in forms_of(listing) if f["action"].endswith("/since/move"))
    move(designer, "since", "up")
    response = designer.post(form["action"], data={**dict(form["fields"]),
                                                   "direction": "up"})
    html = designer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Someone else saved this journey" in html
    assert keys(app) == ["problem", "since", "call_us", "contact", "mobile"]


def test_deleting_asks_first_and_removes_rules_about_the_answer(app, designer, journey):
    html = designer.get(f"{BASE}/pages/contact/delete").get_data(as_text=True)
    assert "Delete the page “May we contact you?”?" in html
    assert "Mobile number" in html and "A receipt is sent" not in html
    response = submit(designer, f"{BASE}/pages/contact/delete")
    assert response.status_code == 303
    saved = draft(app, "bin-problem")
    assert saved.page("contact") is None and saved.page("mobile").condition is None
    with app.app_context():
        assert db.session.scalar(db.select(AuditEvent.subject).where(
            AuditEvent.action == "journey_page_deleted")) == "bin-problem contact"
    assert designer.get(f"{BASE}/pages/contact").status_code == 404
    assert "A receipt is sent" in designer.get(f"{BASE}/pages/mobile/delete").get_data(
        as_text=True)



def test_a_stale_page_form_keeps_what_the_designer_typed(app, designer, journey):
    url = f"{BASE}/pages/since"
    old_page = designer.get(url).get_data(as_text=True)
    submit(designer, url, {"label_en": "When did it break, roughly?"},
           button=("action", "save"))
    html = submit(designer, url, {"label_en": "My own wording"}, button=("action", "save"),
                  html=old_page).get_data(as_text=True)
    assert "Someone else saved this journey" in html and 'value="My own wording"' in html
    assert draft(app, "bin-problem").page("since").question.label["en"] == \
        "When did it break, roughly?"


def test_tampered_or_odd_input_is_an_error_never_a_server_error(app, designer, journey):
    for url, data, message in (
            (f"{BASE}/pages/since", {"earliest-day": "40", "earliest-month": "1",
                                     "earliest-year": "2026"}, "a real date"),
            (f"{BASE}/pages/since", {"earliest-day": "2", "earliest-month": "1",
                                     "earliest-year": "2026", "latest-day": "1",
                                     "latest-month": "1", "latest-year": "2026"},
             "The latest date must be after the earliest date"),
            (f"{BASE}/pages/since", {"date_rule": "sometimes"}, "Select which dates"),
            (f"{BASE}/pages/problem", {"options": "\n".join(f"Val {n}" for n in range(31))},
             "at most 30 options"),
            (f"{BASE}/pages/call_us", {"title_sv": "x" * 301}, "300 characters or fewer"),
            (f"{BASE}/pages/mobile", {"autocomplete": "favourite-colour"}, "Not a valid"),
    ):
        response = submit(designer, url, data, button=("action", "save"))
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "There is a problem" in html, data
        assert message in html or message == "Not a valid", (data, message)
    rule = f"{BASE}/pages/mobile/condition/rule"
    html = designer.get(f"{rule}?question=since&op=is").get_data(as_text=True)
    assert "Select how to compare the answer" in html
    assert designer.get(f"{rule}?question=Not-A-Key").status_code == 404
    assert designer.get(f"{BASE}/pages/nothing").status_code == 404
    assert designer.get(f"{EDITOR}/no-such-journey/").status_code == 404
    assert submit(designer, f"{BASE}/pages", {"direction": "sideways"}).status_code == 400
