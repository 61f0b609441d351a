"""Attachments: type by content, size and count limits, removal, storage outside the web root."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from eservices.db import db
from eservices.testing import csrf_token_from
from services.ideas import attachments
from services.ideas.models import IdeaAttachment

from .submit_helpers import BASE, ideas, post, send, walk

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "idea-files"


@pytest.fixture
def app(make_app, store_dir):
    return make_app(environ={"IDEAS_ATTACHMENT_DIR": str(store_dir),
                             "IDEAS_ATTACHMENT_MAX_MB": "1"})


def upload(client, content: bytes, name: str, mimetype: str = "image/png"):
    token = csrf_token_from(client.get(f"{BASE}/attachments").get_data(as_text=True))
    return client.post(f"{BASE}/attachments/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(content), name, mimetype)})


def rows(app):
    with app.app_context():
        return db.session.scalars(select(IdeaAttachment).order_by(IdeaAttachment.id)).all()


@pytest.mark.parametrize(("content", "name", "kind"), [
    (PNG, "skiss.png", "image/png"), (JPEG, "foto.txt", "image/jpeg"),
    (PDF, "förslag.pdf", "application/pdf"), (WEBP, "bild.webp", "image/webp"),
    (HEIC, "IMG_0001.HEIC", "image/heic")])
def test_images_and_pdf_are_taken_by_their_content(app, client, store_dir, content, name,
                                                   kind):
    walk(client, until="attachments")
    response = upload(client, content, name, "application/octet-stream")
    assert response.status_code == 303 and response.location.endswith("/attachments")
    [row] = rows(app)
    assert (row.content_type, row.original_name, row.size) == (kind, name, len(content))
    stored = store_dir / row.stored_name
    assert stored.read_bytes() == content and name not in row.stored_name
    assert name in client.get(f"{BASE}/attachments").get_data(as_text=True)


@pytest.mark.parametrize(("content", "name"), [
    (b"just text, not a picture", "photo.png"), (GIF, "animation.gif"),
    (b"PK\x03\x04" + b"\x00" * 40, "archive.pdf"), (b"<svg xmlns='x'/>", "bild.svg")])
def test_other_types_are_refused_whatever_their_name(app, client, store_dir, content, name):
    walk(client, until="attachments")
    response = upload(client, content, name, "image/png")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Fel:" in html
    assert "Filen måste vara en bild i JPEG, PNG, WebP eller HEIC, eller en PDF" in html
    assert rows(app) == []
    assert not store_dir.exists() or not any(store_dir.iterdir())


def test_empty_and_missing_files_are_explained(app, client):
    walk(client, until="attachments")
    assert "Den valda filen är tom" in upload(client, b"", "tom.png").get_data(as_text=True)
    token = csrf_token_from(client.get(f"{BASE}/attachments").get_data(as_text=True))
    html = client.post(f"{BASE}/attachments/upload", data={"csrf_token": token},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Välj en fil att ladda upp" in html


def test_a_file_over_the_limit_is_refused(app, client):
    walk(client, until="attachments")
    html = upload(client, PNG + b"\x00" * (1024 * 1024), "stor.png").get_data(as_text=True)
    assert "Filen måste vara mindre än 1 MB" in html and rows(app) == []


def test_a_body_far_over_the_limit_comes_back_to_the_page_not_a_5xx(app, client):
    walk(client, until="attachments")
    response = upload(client, PNG + b"\x00" * (3 * 1024 * 1024), "enorm.png")
    assert response.status_code == 303 and response.location.endswith("too_large=1")
    html = client.get(response.location).get_data(as_text=True)
    assert "<title>Fel:" in html and "Filen måste vara mindre än 1 MB" in html
    assert rows(app) == []


def test_at_most_five_files(app, client):
    walk(client, until="attachments")
    for number in range(5):
        assert upload(client, PNG, f"bild{number}.png").status_code == 303
    page = client.get(f"{BASE}/attachments").get_data(as_text=True)
    assert 'type="file"' not in page and "Ta bort en för att lägga till en annan" in page
    html = upload(client, PNG, "sjätte.png").get_data(as_text=True)
    assert "Du kan bifoga högst 5 filer" in html and len(rows(app)) == 5


def test_a_file_can_be_removed_but_only_from_its_own_journey(app, client, store_dir):
    walk(client, until="attachments")
    upload(client, PNG, "bort.png")
    [row] = rows(app)
    other = app.test_client()
    walk(other, until="attachments")
    post(other, f"{BASE}/attachments/{row.id}/remove", page_url=f"{BASE}/attachments")
    assert len(rows(app)) == 1  # another resident cannot remove it
    response = post(client, f"{BASE}/attachments/{row.id}/remove",
                    page_url=f"{BASE}/attachments")
    assert response.status_code == 303 and rows(app) == []
    assert not (store_dir / row.stored_name).exists()


def test_uploads_need_the_csrf_token_and_an_answered_journey(app, client):
    client.get(f"{BASE}/begin")
    early = post(client, f"{BASE}/attachments/upload", page_url=f"{BASE}/who",
                 content_type="multipart/form-data",
                 data={"file": (io.BytesIO(PNG), "a.png", "image/png")})
    assert early.status_code == 302 and early.location.endswith("/who")
    walk(client, until="attachments")
    forged = client.post(f"{BASE}/attachments/upload", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(PNG), "a.png", "image/png")})
    assert forged.status_code == 303 and rows(app) == []  # the platform's expired-form answer
    again = client.get(forged.location)  # ... lands back on the attachments page
    assert again.status_code == 302 and again.location.endswith("/attachments")
    removed = client.post(f"{BASE}/attachments/1/remove")  # expired form: no CSRF token
    assert client.get(removed.location).location.endswith("/attachments")


def test_filing_links_the_files_and_staff_can_open_them(app, client):
    walk(client, until="attachments")
    upload(client, PDF, "underlag.pdf")
    walk(client)  # the same journey, on to check answers
    assert "underlag.pdf" in client.get(f"{BASE}/check").get_data(as_text=True)
    send(client)
    [idea] = ideas(app)
    [row] = rows(app)
    assert row.idea_id == idea.id
    with app.app_context(), attachments.open_stored(row) as stored:
        assert stored.read() == PDF


def test_changing_files_from_check_answers_returns_there(app, client):
    walk(client)
    html = client.get(f"{BASE}/check").get_data(as_text=True)
    assert f'href="{BASE}/attachments?change=1"' in html
    token = csrf_token_from(client.get(f"{BASE}/attachments?change=1").get_data(as_text=True))
    uploaded = client.post(f"{BASE}/attachments/upload?change=1",
                           content_type="multipart/form-data",
                           data={"csrf_token": token,
                                 "file": (io.BytesIO(PNG), "sen.png", "image/png")})
    assert uploaded.location.endswith("/attachments?change=1")
    page = client.get(uploaded.location).get_data(as_text=True)
    assert f'action="{BASE}/attachments?change=1"' in page
    done = post(client, f"{BASE}/attachments?change=1")
    assert done.location.endswith("/check")
    assert "sen.png" in client.get(f"{BASE}/check").get_data(as_text=True)


def test_files_never_sent_are_purged_after_thirty_days(app, client, store_dir):
    from datetime import timedelta

    from eservices.db import utcnow
    from eservices.scheduler import run_job

    walk(client, until="attachments")
    upload(client, PNG, "gammal.png")
    upload(client, PNG, "ny.png")
    walk(client)
    send(client)  # the filed idea's files are never purged
    other = app.test_client()
    walk(other, until="attachments")
    upload(other, PNG, "glomd.png")
    with app.app_context():
        for row in db.session.scalars(select(IdeaAttachment)):
            row.uploaded_at = utcnow() - timedelta(days=31)
        db.session.commit()
    assert run_job(app, "ideas.purge_unfiled_attachments") == 1
    assert run_job(app, "ideas.purge_unfiled_attachments") == 0  # safe to run twice
    left = rows(app)
    assert sorted(r.original_name for r in left) == ["gammal.png", "ny.png"]
    assert sorted(p.name for p in store_dir.iterdir()) == sorted(r.stored_name for r in left)
