"""Staff pages and exports given impossible dates and page numbers: 400/404, never a 500.

An export from year 0001 (or to 9999-12-31) cannot even be converted to UTC, a
ten-digit year in the date boxes overflowed ``date()``, and ``?page=2**63`` was
an OFFSET no database takes; each was a 500 before.
"""

from __future__ import annotations

import pytest

from eservices.testing import csrf_token_from, sign_in

BASE = "/staff/waste-subscription"


@pytest.fixture
def staff(client, create_staff):
    """A handläggare reading the back office in English."""
    create_staff("anna", "handlaggare")
    client.get("/language/en")
    sign_in(client, "anna")
    return client


@pytest.mark.parametrize("query", ["?from=0001-01-01&to=0001-01-02",
                                   "?from=9999-12-30&to=9999-12-31",
                                   "?from=1899-12-31&to=1900-01-02"])
def test_an_export_outside_the_years_is_a_clear_400(staff, query):
    for suffix in ("csv", "json"):
        response = staff.get(f"{BASE}/export.{suffix}{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 400, (suffix, query)
        assert "The dates must lie between the years 1900 and 2200" in html


def test_the_message_is_swedish_for_swedish_staff(client, create_staff):
    create_staff("anna", "handlaggare")
    sign_in(client, "anna")
    html = client.get(f"{BASE}/export.csv?from=0001-01-01&to=0001-01-02").get_data(as_text=True)
    assert "Datumen måste ligga mellan åren 1900 och 2200" in html


@pytest.mark.parametrize("year", ["9999999999", "9" * 4000, "20266", "-2026", "0001"])
def test_impossible_years_in_the_date_boxes_are_explained(staff, year):
    page = staff.get(f"{BASE}/export").get_data(as_text=True)
    response = staff.post(f"{BASE}/export", data={
        "csrf_token": csrf_token_from(page), "date_from-day": "1", "date_from-month": "11",
        "date_from-year": year, "date_to-day": "30", "date_to-month": "11",
        "date_to-year": "2026", "file_format": "csv"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("The date must be a real date" in html or "The year must have four digits" in html)
    assert 'href="#date_from-day"' in html


@pytest.mark.parametrize("page", [str(2**63), "9" * 4000, "100001", "0", "-1"])
def test_a_page_number_the_database_cannot_offset_is_404(staff, page):
    assert staff.get(f"{BASE}/?page={page}").status_code == 404
    assert staff.get(f"{BASE}/?page=1").status_code == 200
