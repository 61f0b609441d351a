"""Files sent with an idea: checked by their content, kept outside the web root.

What a file *is* is read from its first bytes with the ``filetype`` library,
never from its name or the type the browser claims: a text file called
``photo.png`` is refused, a JPEG called ``notes.txt`` is a JPEG.  Only images
(JPEG, PNG, WebP, HEIC) and PDF are taken, each at most
``IDEAS_ATTACHMENT_MAX_MB`` and at most ``MAX_ATTACHMENTS`` per idea.

Files are stored under random names in ``IDEAS_ATTACHMENT_DIR`` (by default
the instance folder, which is never served), so a name sent by the browser
never becomes a path.  Before the idea exists a file belongs to the journey it
was uploaded in (``journey_id``); filing the idea links it (``link_to_idea``).
Staff download it through ``open_stored`` (the coaching pages).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import filetype
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage

from eservices import toolkit as tk

from . import settings
from .models import Idea, IdeaAttachment

#: The types taken, by the MIME type their content shows, with the name residents know.
ALLOWED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP",
           "image/heic": "HEIC", "application/pdf": "PDF"}
_STORED_NAME = re.compile(r"[0-9a-f]{32}\.[a-z]{3,4}")
_CHUNK = 64 * 1024


class AttachmentRefused(Exception):
    """Why a file was not taken; ``message`` is translated, for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def too_large_message() -> str:
    megabytes = settings.attachment_max_bytes() // (1024 * 1024)
    return str(_l("The file must be smaller than %(mb)d MB", mb=megabytes))


def for_journey(journey_id: str) -> list[IdeaAttachment]:
    return list(tk.db.session.scalars(
        select(IdeaAttachment).where(IdeaAttachment.journey_id == journey_id,
                                     IdeaAttachment.idea_id.is_(None))
        .order_by(IdeaAttachment.id)))


def _count(journey_id: str) -> int:
    return tk.db.session.scalar(select(func.count()).select_from(IdeaAttachment).where(
        IdeaAttachment.journey_id == journey_id)) or 0


def _read_bounded(upload: FileStorage, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to know a file is too big, never more."""
    parts, size = [], 0
    while size <= limit:
        chunk = upload.stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def _display_name(raw: str | None) -> str:
    """The name to show: the last path part, printable characters only, bounded."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or str(_l("Attachment"))


def _directory() -> Path:
    directory = settings.attachment_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def store(journey_id: str, upload: FileStorage | None) -> IdeaAttachment:
    """Check one uploaded file and keep it for the journey; ``AttachmentRefused`` if not."""
    if upload is None or not upload.filename:
        raise AttachmentRefused(str(_l("Select a file to upload")))
    if _count(journey_id) >= settings.MAX_ATTACHMENTS:
        raise AttachmentRefused(str(_l("You can attach at most %(n)d files",
                                       n=settings.MAX_ATTACHMENTS)))
    limit = settings.attachment_max_bytes()
    data = _read_bounded(upload, limit)
    if not data:
        raise AttachmentRefused(str(_l("The selected file is empty")))
    if len(data) > limit:
        raise AttachmentRefused(too_large_message())
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        raise AttachmentRefused(str(_l("The file must be a JPEG, PNG, WebP or HEIC image, "
                                       "or a PDF")))
    stored_name = f"{secrets.token_hex(16)}.{kind.extension}"
    directory = _directory()
    partial = directory / f"{stored_name}.part"
    # Written beside its final name and renamed: a crash leaves no half file under it.
    with open(partial, "wb") as out:
        out.write(data)
    os.replace(partial, directory / stored_name)
    attachment = IdeaAttachment(
        journey_id=journey_id, stored_name=stored_name,
        original_name=_display_name(upload.filename), content_type=kind.mime,
        size=len(data), sha256=hashlib.sha256(data).hexdigest())
    tk.db.session.add(attachment)
    return attachment


def _path(attachment: IdeaAttachment) -> Path:
    if not _STORED_NAME.fullmatch(attachment.stored_name):
        raise FileNotFoundError(attachment.stored_name)
    return settings.attachment_dir() / attachment.stored_name


def remove(journey_id: str, attachment_id: int) -> bool:
    """Take a file off a journey not yet filed (and commit); False if it is not its own."""
    attachment = tk.db.session.scalar(select(IdeaAttachment).where(
        IdeaAttachment.id == attachment_id, IdeaAttachment.journey_id == journey_id,
        IdeaAttachment.idea_id.is_(None)))
    if attachment is None:
        return False
    path = _path(attachment)
    tk.db.session.delete(attachment)
    tk.db.session.commit()  # the row first: a file without a row is only disk space
    path.unlink(missing_ok=True)
    return True


def link_to_idea(journey_id: str, idea: Idea) -> None:
    """The journey's files become the idea's, in the transaction that files it."""
    tk.db.session.execute(update(IdeaAttachment).where(
        IdeaAttachment.journey_id == journey_id, IdeaAttachment.idea_id.is_(None))
        .values(idea_id=idea.id).execution_options(synchronize_session=False))


def open_stored(attachment: IdeaAttachment) -> BinaryIO:
    """The stored file for reading (the caller closes it); ``FileNotFoundError`` if gone.

    Serve it as ``attachment.content_type`` - the type its content showed - and
    as a download named ``attachment.original_name``.
    """
    return open(_path(attachment), "rb")


#: Files of journeys never sent are deleted this long after they were uploaded (the
#: platform purges unsent journeys much sooner; a file outlives its journey by design, so
#: a journey kept alive for days never loses its files).
UNFILED_DAYS = 30


def purge_unfiled() -> int:
    """The periodic job: delete files never filed with an idea; safe to run twice."""
    cutoff = tk.clock.now() - timedelta(days=UNFILED_DAYS)
    stale = list(tk.db.session.scalars(select(IdeaAttachment).where(
        IdeaAttachment.idea_id.is_(None), IdeaAttachment.uploaded_at < cutoff)))
    paths = [_path(attachment) for attachment in stale]
    for attachment in stale:
        tk.db.session.delete(attachment)
    tk.db.session.commit()  # rows first: a crash after this leaves only disk space
    for path in paths:
        path.unlink(missing_ok=True)
    return len(stale)
