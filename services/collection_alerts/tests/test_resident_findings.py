"""What the resident test (issue 17) found on the stop page, read in Swedish.

The page said "070-174 00 01 får inte längre: ..." before the resident had pressed
the button: it must say what will happen, and only the page after pressing what did.
"""

from __future__ import annotations

import re

from .test_resident import post, sign_up, stop_path


def text_of(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_stop_page_says_what_will_happen_then_what_did(app, client, network):
    sign_up(app, client, network.r1_addresses[0])
    client.get("/language/sv")
    path = stop_path(app)
    before = text_of(client.get(path).get_data(as_text=True))
    assert "Om du stoppar dem får 070-174 00 01 inte längre:" in before
    assert "sms kvällen före hämtningsdagen" in before
    assert not before.startswith("070-174 00 01 får inte längre") and (
        " 070-174 00 01 får inte längre" not in before)
    after = text_of(client.get(post(client, path).location).get_data(as_text=True))
    assert "Sms:en har stoppats" in after
    assert "Vi kommer inte längre att sms:a dig om hämtning på Storgatan 1" in after


def title_and_heading(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    return title, " ".join(re.sub(r"<[^>]+>", " ", heading).split())


def test_titles_are_the_heading_then_the_service(app, client, network):
    """GOV.UK's title, as the waste subscription's pages have it (resident test, finding 3)."""
    sign_up(app, client, network.r1_addresses[0])
    client.get("/language/sv")
    path = stop_path(app)
    pages = [f"/collection-alerts/address/{network.r1_addresses[0]}", path]
    for url in pages:
        title, heading = title_and_heading(client.get(url).get_data(as_text=True))
        assert title == f"{heading} – Hämtningskalender och sms när sopbilen kommer – " \
                        "Exempelkommun", url
    post(client, path)
    title, heading = title_and_heading(client.get(path).get_data(as_text=True))
    assert title.startswith(f"{heading} – ")  # "already stopped"
