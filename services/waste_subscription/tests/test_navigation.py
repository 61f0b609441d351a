"""The journey's navigation comes from its Flow: back links, "Change" from check
answers and back again, change pages that come and go with the changes chosen.
"""

from __future__ import annotations

import re

from .test_journey import BASE, begin, finish, post


def back_link(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'<a href="([^"]+)" class="back-link"', html)
    assert match, html[:2000]
    return match.group(1).replace("&amp;", "&")


def size_journey(client) -> None:
    begin(client)
    post(client, f"{BASE}/subscription", {"changes": ["size"]})
    post(client, f"{BASE}/change/size", {"size": "240"})
    finish(client)


def test_back_links_follow_the_changes_chosen(client, register):
    begin(client)
    assert back_link(client, f"{BASE}/identify").endswith(f"{BASE}/")
    assert back_link(client, f"{BASE}/subscription").endswith("/identify")
    post(client, f"{BASE}/subscription", {"changes": ["home_composting", "frequency"]})
    assert back_link(client, f"{BASE}/change/home-composting").endswith("/subscription")
    assert client.get(f"{BASE}/when").location.endswith("/change/home-composting")  # skipped
    post(client, f"{BASE}/change/home-composting",
         {"compost_type": "varmkompost", "declaration": "y"})
    assert back_link(client, f"{BASE}/change/frequency").endswith("/change/home-composting")
    assert client.get(f"{BASE}/when").location.endswith("/change/frequency")


def test_a_change_from_check_answers_returns_there(client, register):
    size_journey(client)
    assert back_link(client, f"{BASE}/check").endswith("/contact")
    assert back_link(client, f"{BASE}/change/size?change=1").endswith("/check")
    assert post(client, f"{BASE}/change/size?change=1", {"size": "370"}).location.endswith(
        "/check")
    assert "370 litres" in client.get(f"{BASE}/check").get_data(as_text=True)


def test_a_new_change_from_check_answers_asks_only_its_page(client, register):
    size_journey(client)
    response = post(client, f"{BASE}/subscription?change=1",
                    {"changes": ["size", "home_composting"]})
    assert response.location.endswith("/change/home-composting?change=1")
    assert client.get(f"{BASE}/check").location.endswith("/change/home-composting")
    assert post(client, f"{BASE}/change/home-composting?change=1",
                {"compost_type": "varmkompost", "declaration": "y"}
                ).location.endswith("/check")
    check = client.get(f"{BASE}/check").get_data(as_text=True)
    assert "Start composting food waste at home" in check and "Send request" in check


def test_a_change_taken_away_forgets_its_answer(client, register):
    size_journey(client)
    post(client, f"{BASE}/subscription?change=1", {"changes": ["home_composting"]})
    post(client, f"{BASE}/change/home-composting?change=1",
         {"compost_type": "varmkompost", "declaration": "y"})
    post(client, f"{BASE}/subscription?change=1", {"changes": ["home_composting", "size"]})
    assert client.get(f"{BASE}/check").location.endswith("/change/size")  # asked again


def test_a_pause_alone_skips_the_date_page(client, register):
    begin(client, "100004", "Sjöviken 1:8")
    post(client, f"{BASE}/subscription", {"changes": ["pause"]})
    post(client, f"{BASE}/change/pause", {"start-day": "1", "start-month": "1",
                                          "start-year": "2027", "end-day": "30",
                                          "end-month": "4", "end-year": "2027"})
    assert client.get(f"{BASE}/when").location.endswith("/contact")  # not on the path
    assert back_link(client, f"{BASE}/contact").endswith("/change/pause")
