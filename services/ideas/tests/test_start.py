"""The idea lock's front door leads to every public part of it."""

from __future__ import annotations

import re


def test_the_start_page_leads_to_submitting_browsing_challenges_and_the_showcase(client):
    page = client.get("/ideas/")
    assert page.status_code == 200
    links = set(re.findall(r'href="([^"]+)"', page.get_data(as_text=True)))
    assert {"/ideas/begin", "/ideas/browse", "/ideas/challenges", "/ideas/showcase"} <= links
    for link in ("/ideas/browse", "/ideas/challenges", "/ideas/showcase"):
        assert client.get(link).status_code == 200
