"""Versions: publish the draft with a note, point a stage at a version, restore one.

A version is never changed; the prototype, pilot and live stages each point at
one.  Before publishing, the designer reads what changed since the latest
version in words (``diff.changes``), and every version shows what it changed
from the one before - the question a sprint review asks ("what did we change
between the test rounds?").  Publishing with problems is refused with every
problem listed and linked to its field.

Handlers only; ``blueprint.py`` maps them.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from ...db import db
from ...designer.forms import STAGE_LABELS
from ...i18n import current_language
from ...staff import audit
from .. import diff, store
from ..models import JourneyRecord, JourneyVersion
from ..schema import JourneyDefinition
from .common import confirm, journey_or_404, revision_of
from .problems import linked
from .texts_base import load, render
from .versions_forms import PointForm, PublishForm, RestoreForm


def _by_stage(record: JourneyRecord) -> dict[int, list[str]]:
    """Version number -> the stages (in lifecycle order) that serve it."""
    pointers = store.stage_versions(record)
    found: dict[int, list[str]] = {}
    for stage in store.PUBLISH_STAGES:
        if stage in pointers:
            found.setdefault(pointers[stage], []).append(str(STAGE_LABELS[stage]))
    return found


def _version_or_404(record: JourneyRecord, number: int) -> JourneyVersion:
    found = store.version(record, number)
    if found is None:
        abort(404)
    return found


def _definition(version: JourneyVersion | None) -> JourneyDefinition | None:
    return JourneyDefinition.model_validate(version.definition) if version else None


def _list_page(record: JourneyRecord, definition: JourneyDefinition, form: PublishForm,
               status: int = 200, refused: str = "", problems: list | None = None):
    versions = store.versions_of(record)
    latest = versions[0] if versions else None
    changed = diff.changes(_definition(latest), definition, current_language())
    found = store.problems_of(definition) if problems is None else problems
    return render("versions_list.html", record, definition, "versions", status, form=form,
                  versions=versions, stages=_by_stage(record), latest=latest,
                  changes=changed, problems=linked(record.slug, found), refused=refused)


def versions(slug: str):
    record, definition = load(slug)
    form = PublishForm(formdata=None, revision=str(record.draft_revision))
    return _list_page(record, definition, form)


def publish(slug: str):
    record, definition = load(slug)
    form = PublishForm()
    if not form.validate():
        return _list_page(record, definition, form)
    if revision_of(form.revision.data) != record.draft_revision:
        return _list_page(record, definition, form, 409, refused=_(
            "Someone changed the draft since you opened this page, so the changes listed "
            "were not what would be published. Nothing was published: read the changes "
            "again and publish once more."))
    try:
        published = store.publish(record, form.note.data, g.staff_user.username,
                                  form.stage.data)
    except store.JourneyRefused as refused:
        db.session.rollback()
        return _list_page(record, definition, form, 200, refused=str(refused),
                          problems=refused.problems or None)
    db.session.commit()
    flash(_("Version %(number)s is published: %(stage)s", number=published.number,
            stage=STAGE_LABELS[form.stage.data]))
    return redirect(url_for(".versions", slug=slug), code=303)


def _detail_page(record: JourneyRecord, number: int, form: PointForm, status: int = 200,
                 refused: str = ""):
    shown = _version_or_404(record, number)
    before = _definition(store.version(record, number - 1)) if number > 1 else None
    changed = diff.changes(before, JourneyDefinition.model_validate(shown.definition),
                           current_language())
    return render("versions_detail.html", record, store.draft_of(record), "versions", status,
                  version=shown, changes=changed, stages=_by_stage(record).get(number, []),
                  form=form, refused=refused)


def version_detail(slug: str, number: int):
    record = journey_or_404(slug)
    return _detail_page(record, number, PointForm(formdata=None))


def point(slug: str, number: int):
    """Have a stage serve this version (back to an earlier one, or on to a later one)."""
    record = journey_or_404(slug)
    _version_or_404(record, number)
    form = PointForm()
    if not form.validate():
        return _detail_page(record, number, form)
    try:
        store.point(record, form.stage.data, number, g.staff_user.username)
    except store.JourneyRefused as refused:
        db.session.rollback()
        return _detail_page(record, number, form, 200, str(refused))
    audit.record("journey_stage_pointed", subject=f"{record.slug} v{number}",
                 module_id=record.module_id, stage=form.stage.data)
    db.session.commit()
    flash(_("%(stage)s now serves version %(number)s", stage=STAGE_LABELS[form.stage.data],
            number=number))
    return redirect(url_for(".versions", slug=slug), code=303)


def restore(slug: str, number: int):
    """Copy a version into the draft, after showing what that would change in the draft."""
    record, definition = load(slug)
    shown = _version_or_404(record, number)
    form = RestoreForm()

    def restore_it() -> str | None:
        if revision_of(form.revision.data) != record.draft_revision:
            form.revision.data = str(record.draft_revision)
            return _("Someone changed the draft since you opened this page. Nothing was "
                     "restored: read what restoring would change and confirm again.")
        store.restore(record, number, g.staff_user.username)
        db.session.commit()
        return None

    done, refused = confirm(form, record, restore_it)
    if done:
        flash(_("Version %(number)s is now the draft", number=number))
        return redirect(url_for(".versions", slug=slug), code=303)
    changed = diff.changes(definition, JourneyDefinition.model_validate(shown.definition),
                           current_language())
    return render("versions_restore.html", record, definition, "versions",
                  409 if refused else 200, version=shown, changes=changed, form=form,
                  refused=refused)
