"""The administrators' translations page: who may open it, the download, the upload with
its problems listed and nothing written, and the audit of every import."""

import io

from sqlalchemy import select

from eservices.db import db
from eservices.staff.models import AuditEvent
from eservices.testing import csrf_token_from, sign_in
from eservices.translation_work.catalogue_files import po_path, read_catalogue

from .conftest import snapshot

PAGE = "/staff/translations/"


def _admin(client, create_staff):
    create_staff("admin", "administrator")
    client.get("/language/en")  # the page in English, whatever the catalogues hold
    sign_in(client, "admin")


def _download(client, language="fi", file_format="csv"):
    return client.get(f"/staff/translations/export?language={language}"
                      f"&file_format={file_format}")


def _upload(client, body: bytes, name="fi.csv", token=None):
    token = token if token is not None else csrf_token_from(client.get(PAGE).get_data(True))
    return client.post("/staff/translations/import", data={
        "csrf_token": token, "file": (io.BytesIO(body), name)},
        content_type="multipart/form-data")


def _events():
    return db.session.execute(select(
        AuditEvent.action, AuditEvent.subject, AuditEvent.details, AuditEvent.actor_name).where(
        AuditEvent.action.startswith("translations_")).order_by(AuditEvent.id)).all()


def test_only_administrators_open_the_page(app, client, create_staff, small_site):
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    create_staff("anna", "handlaggare", "tjanstedesigner", "idecoach")
    sign_in(client, "anna")
    assert client.get(PAGE).status_code == 403
    assert _download(client).status_code == 403
    assert client.get("/staff/translations/import").status_code == 403


def test_the_page_shows_coverage_per_language_and_module(app, client, create_staff,
                                                         small_site):
    _admin(client, create_staff)
    html = client.get(PAGE).get_data(as_text=True)
    assert '<span lang="fi">suomi</span> (fi): 20% reviewed' in html
    row = html[html.index('id="coverage-fi"'):]
    row = row[row.index("<th scope=\"row\">small</th>"):]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:5]] == [
        "Pages", "1", "1", "2"]


def test_an_export_downloads_as_a_file_no_cache_keeps(app, client, create_staff, small_site):
    _admin(client, create_staff)
    response = _download(client)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="translations-fi.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"\xef\xbb\xbflanguage;module;kind;id;")
    xliff = _download(client, file_format="xliff")
    assert xliff.mimetype == "application/xliff+xml" and b'trgLang="fi"' in xliff.data
    wrong = _download(client, language="xx", file_format="pdf")
    assert wrong.status_code == 400
    assert "Not a valid choice" in wrong.get_data(as_text=True)


def test_an_import_is_written_audited_and_says_how_many(app, client, create_staff, small_site):
    _admin(client, create_staff)
    body = _download(client).data.replace(b";Hei;translated;",
                                          b";Hei!;reviewed;")
    response = _upload(client, body)
    assert response.status_code == 200
    assert "1 text in suomi was imported." in response.get_data(as_text=True)
    catalogue = read_catalogue(po_path(small_site.translations, "fi"))
    assert catalogue.get("Hello").string == "Hei!" and not catalogue.get("Hello").fuzzy
    with app.app_context():
        [(action, subject, details, actor)] = _events()
    assert (action, subject, actor) == ("translations_imported", "fi", "admin")
    assert details["file"] == "fi.csv" and details["changes"] == 1
    again = _upload(client, body)
    assert "the same texts as the site; nothing was changed" in again.get_data(as_text=True)


def test_a_refused_import_lists_each_problem_and_writes_nothing(app, client, create_staff,
                                                                small_site):
    _admin(client, create_staff)
    before = snapshot([small_site])
    body = (_download(client).data.decode("utf-8-sig")
            .replace("Asianumerosi on %(reference)s", "Asianumerosi on %(ref)s")
            .replace(";Hei;translated;", ";Hei!;reviewed;"))
    response = _upload(client, body.encode("utf-8-sig"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The file was not imported" in html
    assert "the placeholder %(reference)s is missing" in html
    assert "%(ref)s is not a placeholder of the source text" in html
    assert snapshot([small_site]) == before
    with app.app_context():
        [(action, subject, details, _actor)] = _events()
    assert (action, subject, details["problems"]) == ("translations_import_refused", "fi", 2)


def test_an_upload_without_a_file_or_a_token_changes_nothing(app, client, create_staff,
                                                             small_site):
    _admin(client, create_staff)
    token = csrf_token_from(client.get(PAGE).get_data(as_text=True))
    empty = client.post("/staff/translations/import", data={"csrf_token": token},
                        content_type="multipart/form-data")
    assert empty.status_code == 400
    assert "Choose the translated file to import" in empty.get_data(as_text=True)
    no_token = _upload(client, b"language;module\r\n", token="")
    assert no_token.status_code == 400
    too_big = _upload(client, b"x" * (9 * 1024 * 1024))
    assert too_big.status_code == 400
    assert "The file is larger than 8 MB" in too_big.get_data(as_text=True)
    with app.app_context():
        assert [event.action for event in _events()] == ["translations_import_refused"]
