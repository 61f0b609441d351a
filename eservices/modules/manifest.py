"""The manifest: everything the platform needs to know about a module, in one object.

A module's package exposes one ``Module`` instance and names it in its
distribution's ``eservices.modules`` entry point.  The platform never imports a
module any other way, so a municipality can ``pip install`` a third-party module
without touching the platform.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from pathlib import Path
from typing import Literal

import click
from flask import Blueprint

from ..languages.texts import Texts, is_per_language, localized, message_id
from .personal_data import ASSURANCE_LEVELS, PersonalData

Stage = Literal["idea", "prototype", "pilot", "live", "retired"]
STAGES: tuple[Stage, ...] = ("idea", "prototype", "pilot", "live", "retired")
#: The languages a manifest's per-language dict (the older form of its texts)
#: must give; a lazy string (``_l("...")``) is translated by the catalogues instead.
SHIPPED_LANGUAGES = ("sv", "en")
ROLES = ("handlaggare", "tjanstedesigner", "idecoach", "administrator")

_MODULE_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class ManifestError(ValueError):
    """A manifest is inconsistent; the message names the module and the problem."""


def _text_problems(label: str, texts: object) -> list[str]:
    """What is wrong with one manifest text: a dict lacking a shipped language, an
    empty text, or something that is neither (a number, None)."""
    if is_per_language(texts):
        missing = [lang for lang in SHIPPED_LANGUAGES if not texts.get(lang)]  # type: ignore[attr-defined]
        return [f"{label} lacks language(s): {', '.join(missing)}"] if missing else []
    if not isinstance(texts, str) and not hasattr(texts, "_args"):
        return [f"{label} must be a lazy string (_l(\"...\")) or a dict per language"]
    if not message_id(texts).strip():
        return [f"{label} is empty"]
    return []


#: A manifest text: a lazy string (``_l("Report a problem")``), translated by the
#: module's catalogue into every configured language, or (the older form) a dict
#: ``{"sv": ..., "en": ...}``.
LocalizedText = Texts


@dataclass(frozen=True)
class Category:
    """A heading the front-page catalogue groups services under."""

    key: str
    name: LocalizedText


@dataclass(frozen=True)
class StaffPage:
    """A back-office page a module adds to the staff menu, and who may open it.

    ``covers`` names the page's other endpoints (a case, its decisions, an
    export) that share its roles.  A staff endpoint neither a page, a cover nor
    ``Module.staff_endpoints`` names is for administrators only: a page added
    later is closed until someone decides who may open it.
    """

    endpoint: str
    title: LocalizedText
    roles: tuple[str, ...] = ("handlaggare",)
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModuleSetting:
    """A module setting, read from the environment as ``<MODULE_ID>_<NAME>``."""

    name: str
    default: str
    help: str


@dataclass(frozen=True)
class PeriodicJob:
    """Work a module needs done on a timer (``target`` is "package.module:function").

    Jobs must be safe to run twice or to overlap: in-process every app process runs
    them, and a crash mid-run is followed by a full rerun.
    """

    name: str
    target: str
    every_seconds: float


@dataclass(frozen=True)
class Module:
    """The manifest of one e-service: what the platform needs to know to serve it.

    A module author writes exactly one of these, in the package's ``__init__.py``
    (``module = tk.Module(...)``), and names it in an entry point; the platform
    reads nothing else of the module, so everything a module contributes - pages,
    back-office pages, an API, settings, jobs, tables, texts - is declared here
    and checked by ``validate`` at start-up, before a resident can meet a mistake.
    Only ``id`` through ``category`` are required; the rest default to "none".
    """

    #: The module's identifier: lower case, 2-40 characters.  It names the
    #: blueprint, the templates folder, the tables' prefix, the settings' prefix
    #: and the URL prefix; never change it once the module has data.
    id: str
    #: The service's name (``_l("...")``, translated by the module's catalogue; or
    #: a dict per language, Swedish and English required), as residents see it in
    #: the catalogue and page titles.
    name: LocalizedText
    #: One or two sentences for the catalogue: what a resident can do (as ``name``).
    summary: LocalizedText
    #: The stage it ships in (idea, prototype, pilot, live, retired); designers
    #: may move it on from the back office, which then wins over this value.
    stage: Stage
    #: The responsible team and how to reach it ("Team <address>"), shown to staff.
    owner: str
    #: The import path of the module's package; write ``__name__``.
    package: str
    #: The catalogue heading it is listed under (``tk.WASTE``, ``tk.CONTACT``, ...).
    category: Category
    #: The resident pages, a blueprint named ``id`` (built in ``blueprint.py``).
    blueprint: Blueprint | None = None
    #: Where the resident pages live; ``/<id with dashes>`` when not given.
    url_prefix: str | None = None
    #: The endpoint the catalogue links to (``"<id>.start"``); needed with a blueprint.
    start_endpoint: str | None = None
    #: The back-office pages, a blueprint named ``<id>_staff``, under
    #: ``/staff/<id with dashes>``; staff sign-in is required for all of it.
    staff_blueprint: Blueprint | None = None
    #: Machine-to-machine endpoints under ``/api/v1/<id with dashes>``: no CSRF
    #: token (callers authenticate with API keys), answers are JSON problems.
    api_blueprint: Blueprint | None = None
    #: The back-office pages in the staff menu, each with the roles that may open
    #: it and the endpoints it ``covers``.
    staff_pages: tuple[StaffPage, ...] = ()
    #: Roles for staff endpoints that are no menu page nor covered by one
    #: (``{"export": ("handlaggare",)}``).  An endpoint named nowhere is for
    #: administrators only: a new page is closed until someone decides.
    staff_endpoints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Deprecated and ignored (it once opened every unnamed staff endpoint); use
    #: ``staff_pages`` and ``staff_endpoints``.  Setting it warns.
    staff_roles: tuple[str, ...] | None = None
    #: Settings an operator may give, from the environment as ``<ID>_<NAME>``.
    settings: tuple[ModuleSetting, ...] = ()
    #: A click group added to the ``flask`` command as ``flask <id with dashes>``.
    cli: click.Group | None = None
    #: Work on a timer (reminders, clean-up), run in-process, by Celery beat or cron.
    periodic: tuple[PeriodicJob, ...] = ()
    #: The import path of the module's SQLAlchemy models, imported at registration
    #: so their tables (all named ``<id>_...``) are checked and migrated.
    models: str | None = None
    #: ``"package.module:function"`` that loads demo data (``flask eservices
    #: load-demo``; never in production).
    demo_data: str | None = None
    #: The templates folder, relative to the package; it may hold only ``<id>/``
    #: so no module can override another's (or the platform's) templates.
    templates: str = "templates"
    #: The module's own message catalogues (``flask_babel``), relative to the
    #: package; the platform's catalogue fills in the shared layout's strings.
    translations: str = "translations"
    #: The module's Alembic revisions (a branch labelled with ``id``), relative
    #: to the package.
    migrations: str = "migrations/versions"
    #: The SMS and e-mail templates (``*.toml``), relative to the package;
    #: messages name them as ``"<id>/<template>"``.
    notification_templates: str = "notifications"
    #: What the module keeps about people: its part of Mina sidor and the data
    #: rights (find, erase) and the retention of each kind of data
    #: (``tk.PersonalData``); None when it keeps nothing about anyone.
    personal_data: PersonalData | None = None
    #: The lowest e-ID level of assurance (``"loa3"`` for BankID or Freja eID+)
    #: a resident must have signed in with for the module's signed-in paths;
    #: None when the module needs no sign-in.
    minimum_assurance: str | None = None
    #: ``"package.module:function"`` of the answer's language returning the module's
    #: Open311 GeoReport v2 services (``tk.Open311Service``), served by the platform
    #: under ``/open311/v2``; None when it offers none.
    open311: str | None = None

    # -- derived locations --------------------------------------------------
    @cached_property
    def root(self) -> Path:
        """The package's folder; resolved once, as messages and pages ask for it often."""
        return Path(import_module(self.package).__file__ or "").resolve().parent

    @property
    def templates_dir(self) -> Path:
        return self.root / self.templates

    @property
    def translations_dir(self) -> Path:
        return self.root / self.translations

    @property
    def migrations_dir(self) -> Path:
        return self.root / self.migrations

    @property
    def notification_templates_dir(self) -> Path:
        return self.root / self.notification_templates

    @property
    def resident_prefix(self) -> str:
        return self.url_prefix or "/" + self.id.replace("_", "-")

    @property
    def staff_prefix(self) -> str:
        return "/staff/" + self.id.replace("_", "-")

    @property
    def api_prefix(self) -> str:
        return "/api/v1/" + self.id.replace("_", "-")

    @property
    def table_prefix(self) -> str:
        return self.id + "_"

    def __post_init__(self) -> None:
        if self.staff_roles is not None:
            warnings.warn(f"module {self.id!r}: Module.staff_roles authorises nothing; name "
                          "each staff endpoint in StaffPage.covers or Module.staff_endpoints",
                          DeprecationWarning, stacklevel=3)

    def staff_access(self) -> dict[str, tuple[str, ...]]:
        """Every staff endpoint the manifest names, with the roles that may open it."""
        named = {page.endpoint: page.roles for page in self.staff_pages}
        named.update({cover: page.roles for page in self.staff_pages for cover in page.covers})
        named.update(self.staff_endpoints)
        return named

    def roles_for(self, endpoint: str) -> tuple[str, ...]:
        """Roles that may open a staff endpoint of this module; unnamed ones are for
        administrators only (fail closed, never the module's general roles)."""
        return self.staff_access().get(endpoint.split(".", 1)[-1], ("administrator",))

    def text(self, texts: LocalizedText, language: str) -> str:
        """One of the manifest's texts in ``language``, from the module's catalogue (a
        lazy string) or the dict (Swedish, marked as Swedish, for a language it lacks)."""
        return localized(texts, language, self.id)

    # -- validation ---------------------------------------------------------
    def _staff_access_problems(self) -> list[str]:
        problems, seen = [], set()
        declared = [(page.endpoint, page.roles) for page in self.staff_pages]
        declared += [(cover, page.roles) for page in self.staff_pages for cover in page.covers]
        declared += list(self.staff_endpoints.items())
        for endpoint, roles in declared:
            unknown = [role for role in roles if role not in ROLES]
            if unknown or not roles:
                problems.append(f"staff endpoint {endpoint!r} has invalid roles {unknown}")
            if endpoint in seen:
                problems.append(f"staff endpoint {endpoint!r} is given roles twice")
            seen.add(endpoint)
        return problems

    def validate(self) -> None:
        """Raise ManifestError unless this manifest can be registered safely."""
        problems: list[str] = []
        if not _MODULE_ID.match(self.id):
            problems.append("id must be a lower-case identifier of 2-40 characters")
        if self.stage not in STAGES:
            problems.append(f"stage {self.stage!r} is not one of {', '.join(STAGES)}")
        for label, texts in (("name", self.name), ("summary", self.summary),
                             ("category name", self.category.name)):
            problems.extend(_text_problems(label, texts))
        if not self.owner.strip():
            problems.append("owner (the responsible team's contact) is empty")
        if self.blueprint is not None and self.blueprint.name != self.id:
            problems.append(f"blueprint must be named {self.id!r}, not {self.blueprint.name!r}")
        if self.blueprint is not None and not self.start_endpoint:
            problems.append("a module with a blueprint needs start_endpoint for the catalogue")
        staff_name = f"{self.id}_staff"
        if self.staff_blueprint is not None and self.staff_blueprint.name != staff_name:
            problems.append(f"staff blueprint must be named {staff_name!r}")
        if self.staff_pages and self.staff_blueprint is None:
            problems.append("staff_pages are listed but there is no staff_blueprint")
        if self.staff_endpoints and self.staff_blueprint is None:
            problems.append("staff_endpoints are listed but there is no staff_blueprint")
        problems.extend(self._staff_access_problems())
        if self.url_prefix is not None and not re.match(r"^/[a-z0-9-]+(/[a-z0-9-]+)*$",
                                                        self.url_prefix):
            problems.append("url_prefix must look like /some-path")
        if self.templates_dir.is_dir():
            stray = sorted(p.name for p in self.templates_dir.iterdir() if p.name != self.id)
            if stray:
                problems.append(f"templates must live under templates/{self.id}/; "
                                f"found {', '.join(stray)}")
        if self.minimum_assurance is not None and self.minimum_assurance not in ASSURANCE_LEVELS:
            problems.append(f"minimum_assurance must be one of {', '.join(ASSURANCE_LEVELS)}")
        if problems:
            raise ManifestError(f"module {self.id!r}: " + "; ".join(problems))
