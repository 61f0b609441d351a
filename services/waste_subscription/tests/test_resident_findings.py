"""What the resident test (issue 17) found in the waste-subscription journey, in Swedish.

Residents read the service in Swedish by default, so these tests read the Swedish
pages: the wait after too many attempts, one format per kind of value on check
answers, change links that name the answer, titles that match headings, and one
clear error for every 4 weeks without home composting.
"""

from __future__ import annotations

from .test_journey import BASE, post


def begin_sv(client, customer="100001", place="Exempelby 3:14"):
    client.get("/language/sv")
    client.get(f"{BASE}/begin")
    return post(client, f"{BASE}/identify", {"customer_number": customer, "place": place})


def test_too_many_attempts_says_how_long_to_wait_in_swedish(client, register):
    for n in range(5):
        begin_sv(client, "100001", f"Fel {n}")
    limited = begin_sv(client, "100001", "Exempelby 3:14")
    html = limited.get_data(as_text=True)
    assert limited.status_code == 429
    assert "Försök igen om 60 minuter." in html or "Försök igen om 1 timme." in html
    assert "Vänta några minuter" not in html
