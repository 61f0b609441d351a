"""Similar ideas in Swedish: full-text search on PostgreSQL, stemming and TF-IDF elsewhere."""

from __future__ import annotations

from services.ideas import similar

from .submit_helpers import BASE, RESIDENT, make_idea, post, walk

TEXTILE = ("Textilåtervinning och klädbyten",
           "Kläder och textilavfall slängs i hushållssoporna.",
           "Ordna insamling av textilavfall och återbruk av kläder vid återvinningscentralen.")
BUS = ("Tätare bussturer till Norrfjärden",
       "Bussen går bara en gång i timmen på kvällarna.",
       "Fler avgångar mellan 18 och 22 på vardagar.")
SNOW = ("Snöröjning av cykelbanor först",
        "Cykelbanorna plogas sist efter snöfall.",
        "Ploga cykelbanor och gångvägar före bilvägarna.")


def _seed(app):
    return {name: make_idea(app, *texts)
            for name, texts in (("textile", TEXTILE), ("bus", BUS), ("snow", SNOW))}


def _found(app, title, problem, proposal):
    with app.app_context():
        return [idea.reference for idea in similar.similar_ideas(title, problem, proposal)]


def test_an_idea_about_textile_reuse_finds_the_textile_idea_only(app):
    seeded = _seed(app)
    found = _found(app, "Återbruk av kläder", "Mycket textilavfall", "Bytesdagar för kläder")
    assert found == [seeded["textile"]]


def test_inflected_forms_match_the_same_words(app):
    seeded = _seed(app)
    found = _found(app, "Bussturerna", "bussarna är för få", "fler avgångar")
    assert found == [seeded["bus"]]


def test_nothing_alike_finds_nothing(app):
    _seed(app)
    assert _found(app, "Bokbuss till byarna", "Biblioteket är långt bort",
                  "En bokbil varannan vecka") == []
    assert _found(app, "och det att", "i en", "som på") == []  # only stop words


def test_hidden_ideas_are_never_suggested(app):
    make_idea(app, *TEXTILE, hidden=True)
    assert _found(app, "Återbruk av kläder", "textilavfall", "kläder") == []


def test_at_most_five_most_alike_first(app):
    references = [make_idea(app, f"Kläder {n}", "Återbruk av kläder och textilavfall " * (n + 1),
                            "Byt kläder") for n in range(7)]
    found = _found(app, "Återbruk av kläder", "textilavfall kläder", "byt kläder")
    assert len(found) == 5 and set(found) <= set(references)


def test_the_page_shows_similar_ideas_with_links(app, client):
    seeded = _seed(app)
    url = walk(client, until="similar")
    html = client.get(url).get_data(as_text=True)
    assert "Det finns idéer som liknar din" in html
    assert f'href="/ideas/i/{seeded["textile"]}"' in html and "Textilåtervinning" in html
    assert "Tätare bussturer" not in html and "Snöröjning" not in html
    assert "Stöds av 0 personer" in html
    response = post(client, url, {})
    assert response.status_code == 302 and response.location.endswith("/beneficiaries")


def test_the_page_says_when_there_is_nothing_similar(app, client):
    url = walk(client, {**RESIDENT, "title": {"title": "Bokbuss"},
                        "problem": {"problem": "Biblioteket är långt bort"},
                        "proposal": {"proposal": "En bokbil varannan vecka"}}, until="similar")
    assert "Vi hittade inga liknande idéer" in client.get(url).get_data(as_text=True)
    assert client.get(f"{BASE}/beneficiaries").status_code == 302  # similar not yet seen


def test_portable_ranking_alone():
    candidates = [(1, " ".join(TEXTILE)), (2, " ".join(BUS)), (3, " ".join(SNOW))]
    ranked = similar.rank_portable("Återbruk av kläder och textilavfall", candidates)
    assert [idea_id for idea_id, _score in ranked] == [1]
    assert similar.terms("Kläderna och klädernas") == similar.terms("kläder kläder")
