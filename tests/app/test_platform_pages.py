"""Front page, health, robots, languages and error pages through the test client."""




def test_front_page_lists_live_services_grouped_in_swedish(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="sv"' in html
    assert "E-tjänster från Exempelkommun" in html
    assert "Tillgänglighet" in html  # the category heading
    assert "Rapportera brister i tillgänglighet" in html


def test_language_switch_sticks(client):
    response = client.get("/language/en?next=/")
    assert response.status_code == 302 and response.location == "/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in html and "E-services from Exempelkommun" in html
    assert "Report an accessibility problem" in html
    assert client.get("/language/xx").status_code == 404


def test_language_switch_never_redirects_elsewhere(client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        assert client.get(f"/language/en?next={target}").location == "/"


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_healthz_is_503_with_a_database_server_that_is_down(make_app):
    app = make_app(DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_robots_keeps_staff_pages_out_of_search_engines(client):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /staff/" in body


def test_not_found_is_friendly_and_translated(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)
    client.get("/language/en")
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)


def test_crashes_show_a_friendly_page_never_a_stack_trace(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Tyvärr är det något fel i e-tjänsten" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_accessibility_statement_comes_from_configuration(make_app):
    app = make_app(MUNICIPALITY_NAME="Skellefteå kommun", ACCESSIBILITY_STATUS="partial",
                   ACCESSIBILITY_KNOWN_ISSUES="Kartan saknar textalternativ|PDF-blanketter")
    html = app.test_client().get("/tillganglighet").get_data(as_text=True)
    assert "Skellefteå kommun står bakom" in html
    assert "delvis förenliga" in html
    assert "Kartan saknar textalternativ" in html and "PDF-blanketter" in html
    assert "/accessibility-report/" in html  # the way to report problems
    assert "digg.se" in html


def test_theme_colours_are_served_as_a_stylesheet(make_app):
    app = make_app(THEME_PRIMARY_COLOUR="#005a30")
    css = app.test_client().get("/theme.css")
    assert css.mimetype == "text/css" and "#005a30" in css.get_data(as_text=True)


def test_amounts_and_dates_follow_the_residents_language(app):
    from datetime import date
    from decimal import Decimal

    from flask_babel import format_date, refresh

    from eservices.i18n import format_sek

    with app.test_request_context("/?lang=sv"):
        assert format_sek(Decimal("1234.5")).replace("\xa0", " ").replace("\u202f", " ") \
            == "1 234,50 kr"
        assert format_date(date(2026, 6, 19), "long") == "19 juni 2026"
    with app.test_request_context("/?lang=en"):
        refresh()
        assert format_sek(Decimal("1234.5")) == "SEK\xa01,234.50"
        # English pages format as en_GB (LANGUAGES' default for en): day first.
        assert format_date(date(2026, 6, 19), "long") == "19 June 2026"


def test_the_catalogue_follows_a_stage_moved_after_it_was_shown(app, client):
    from eservices.db import db
    from eservices.designer.lifecycle import move_id

    assert "Rapportera brister i tillgänglighet" in client.get("/").get_data(as_text=True)
    with app.app_context():
        move_id("accessibility_report", "live", "pilot", "test", "dan")
        db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Rapportera brister i tillgänglighet" in html and ">Pilot</strong>" in html
    with app.app_context():
        move_id("accessibility_report", "pilot", "retired", "test", "dan")
        db.session.commit()
    assert "Rapportera brister i tillgänglighet" not in client.get("/").get_data(as_text=True)
    # English is kept apart.
    client.get("/language/en?next=/")
    assert "Report an accessibility problem" not in client.get("/").get_data(as_text=True)
