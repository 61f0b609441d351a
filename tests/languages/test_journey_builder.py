"""The journey builder follows the configured languages: a field for each, and only the
complete ones required to publish (an incomplete one shows the Swedish, marked)."""

from __future__ import annotations

from eservices.journeys import store
from eservices.journeys.questions import text
from eservices.languages import marks
from eservices.testing import sign_in


def test_the_editor_asks_for_every_configured_language(app, create_staff):
    create_staff("dana", "tjanstedesigner")
    designer = app.test_client()
    sign_in(designer, "dana")
    designer.get("/language/en")
    page = designer.get("/staff/journeys/new").get_data(as_text=True)
    for name in ("Svenska", "English", "Suomi", "Davvisámegiella", "Meänkieli"):
        assert f"Name of the service ({name})" in page
    with app.test_request_context("/"):
        assert store.site_languages() == ["sv", "en", "fi", "se", "fit"]
        assert store.required_languages() == ["sv", "en"]  # fi, se, fit are incomplete


def test_a_journey_text_missing_in_a_language_is_the_swedish_marked():
    texts = {"sv": "Vad är problemet?", "en": "What is the problem?"}
    assert text(texts, "fi") == marks.mark("Vad är problemet?")
    assert text(texts, "en") == "What is the problem?"
    assert text({"en": "Only English"}, "fi") == "Only English"  # a draft: whatever it has
