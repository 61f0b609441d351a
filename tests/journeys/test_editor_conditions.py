"""The "show this page only if" builder and the problems report."""

from __future__ import annotations

import datetime as dt

from eservices.journeys.schema import AllOf, AnswerIs, AnyOf

from ._definitions import bin_problem, texts
from ._editor_structure import BASE, designer, draft, journey, make_journey, submit

__all__ = ["designer", "journey"]


def test_a_rule_is_built_in_three_steps_from_earlier_questions_only(app, designer, journey):
    rule = f"{BASE}/pages/since/condition/rule"
    html = designer.get(rule).get_data(as_text=True)
    assert "Which answer does the page depend on?" in html
    assert "What is the problem?" in html and "May we contact you?" not in html
    html = designer.get(f"{rule}?question=problem").get_data(as_text=True)
    assert ">is one of</label>" in html and ">is at least</label>" not in html
    html = designer.get(f"{rule}?question=problem&op=is").get_data(as_text=True)
    assert "The bin is broken" in html and 'type="radio"' in html
    response = submit(designer, f"{rule}?question=problem&op=is", {"value": "broken"})
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/pages/since/condition")
    assert draft(app, "bin-problem").page("since").condition == AnswerIs(
        question="problem", op="is", value="broken")
    html = designer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Shown only if the answer to “What is the problem?” is “The bin is broken”." in html
    listing = designer.get(f"{BASE}/pages").get_data(as_text=True)
    assert "Shown only if the answer to “What is the problem?” is “The bin is broken”." in listing


def test_rules_combine_with_all_or_any_and_can_be_removed(app, designer, journey):
    rule = f"{BASE}/pages/mobile/condition/rule"
    submit(designer, f"{rule}?question=since&op=after", {
        "value-day": "1", "value-month": "2", "value-year": "2026"})
    submit(designer, f"{rule}?question=problem&op=is_one_of", {"value": ["broken", "missed"]})
    condition = draft(app, "bin-problem").page("mobile").condition
    assert condition == AllOf(all=(
        AnswerIs(question="contact", op="is", value="yes"),
        AnswerIs(question="since", op="after", value=dt.date(2026, 2, 1)),
        AnswerIs(question="problem", op="is_one_of", value=("broken", "missed"))))
    page = f"{BASE}/pages/mobile/condition"
    html = designer.get(page).get_data(as_text=True)
    assert "the answer to “When did it break?” is after 2026-02-01" in html
    assert "All of these rules must be true" in html
    submit(designer, page, {"mode": "any"}, form=-2, button=("action", "mode"))
    assert isinstance(draft(app, "bin-problem").page("mobile").condition, AnyOf)
    submit(designer, page, form=1, button=("action", "remove-0"))
    assert len(draft(app, "bin-problem").page("mobile").condition.any) == 2
    submit(designer, page, form=1, button=("action", "remove-0"))
    assert draft(app, "bin-problem").page("mobile").condition == AnswerIs(
        question="problem", op="is_one_of", value=("broken", "missed"))
    submit(designer, page, button=("action", "clear"))
    assert draft(app, "bin-problem").page("mobile").condition is None
    assert "The page is always shown." in designer.get(page).get_data(as_text=True)


def test_a_rule_on_a_later_or_missing_question_or_option_is_refused(app, designer, journey):
    rule = f"{BASE}/pages/since/condition/rule"
    html = designer.get(f"{rule}?question=contact").get_data(as_text=True)
    assert "comes at or after this page" in html
    html = designer.get(f"{rule}?question=nothing_here").get_data(as_text=True)
    assert "“nothing_here”, which does not exist" in html
    # a tampered form: the value step posted for a later question, a made-up option
    for url, data, message in (
            (f"{rule}?question=mobile&op=answered", {}, "comes at or after this page"),
            (f"{rule}?question=problem&op=is", {"value": "stolen"},
             "the answer “stolen”, which the question “problem” does not offer"),
            (f"{rule}?question=problem&op=is", {"value": None}, "Select an answer"),
            (f"{BASE}/pages/mobile/condition/rule?question=since&op=before",
             {"value-day": "31", "value-month": "2", "value-year": "2026"}, "a real date")):
        page = f"{rule}?question=problem&op=is" if "mobile&" in url else url
        html = submit(designer, url, data, html=designer.get(page).get_data(as_text=True)
                      ).get_data(as_text=True)
        assert message in html, url
    assert draft(app, "bin-problem").page("since").condition is None
    html = designer.get(f"{BASE}/pages/problem/condition").get_data(as_text=True)
    assert "There is no question before this page" in html


def test_the_problems_report_links_every_problem_to_its_field(app, designer):
    data = bin_problem(summary={"sv": "Säg till."})
    data["pages"][2]["question"]["label"] = {"sv": "När gick det sönder?"}
    data["pages"][2]["condition"] = {"question": "contact", "op": "answered"}
    data["pages"][0]["question"]["options"][0]["label"] = {"sv": "Trasigt"}
    data["receipts"][0]["text"] = texts("Ärende {reference} {nope}", "Case {reference}")
    make_journey(app, data)
    html = designer.get(f"{BASE}/problems").get_data(as_text=True)
    for link in (f"{BASE}/start#summary-en", f"{BASE}/pages/since#page-since-label-en",
                 f"{BASE}/pages/since/condition", f"{BASE}/pages/problem#page-problem-options"):
        assert f'href="{link}"' in html, link
    assert "Receipt 1 uses the placeholder {nope}" in html
    overview = designer.get(f"{BASE}/").get_data(as_text=True)
    assert "The draft has 5 problems." in overview and "Has problems" in overview
    # the field each link points at is on the page it names
    assert 'id="page-since-label-en"' in designer.get(f"{BASE}/pages/since").get_data(
        as_text=True)
    assert 'id="page-problem-options"' in designer.get(f"{BASE}/pages/problem").get_data(
        as_text=True)
