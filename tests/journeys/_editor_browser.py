"""Steps of the editor in Chromium that several browser tests take, by Swedish names."""

from __future__ import annotations


def add_rule(tab, question: str, answer: str) -> None:
    """From a page's editor, the condition builder's three steps: the question, "är",
    the answer; the page is then shown only if that question has that answer."""
    tab.get_by_role("link", name="Ändra när sidan visas").click()
    tab.get_by_role("link", name="Lägg till en regel").click()
    tab.get_by_label(question).check()
    tab.get_by_role("button", name="Fortsätt").click()
    tab.get_by_label("är", exact=True).check()
    tab.get_by_role("button", name="Fortsätt").click()
    tab.get_by_label(answer).check()
    tab.get_by_role("button", name="Lägg till regeln").click()
