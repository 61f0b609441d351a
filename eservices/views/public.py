"""Residents' platform pages: the catalogue and the accessibility statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, current_app, render_template, request, url_for

from ..i18n import current_language

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return render_template("eservices/index.html", groups=_catalogue(current_language()))


@dataclass(frozen=True)
class CatalogueService:
    name: str
    summary: str
    url: str
    stage: str


@dataclass(frozen=True)
class CatalogueGroup:
    name: str
    services: tuple[CatalogueService, ...]


def _catalogue(language: str) -> list[CatalogueGroup]:
    """The catalogue's groups of services, built once per language while the
    visible modules and their stages stay the same (the same objects: a built
    journey republished is a new module)."""
    registry = current_app.extensions["eservices.modules"]
    modules = registry.visible()
    stages = [registry.stage(module) for module in modules]
    kept_by_language = current_app.extensions.setdefault("eservices.catalogue", {})
    key = (language, request.script_root)
    kept = kept_by_language.get(key)
    if (kept is not None and kept[1] == stages and len(kept[0]) == len(modules)
            and all(old is new for old, new in zip(kept[0], modules, strict=True))):
        return kept[2]
    groups: dict[str, tuple[str, list[CatalogueService]]] = {}
    for module, stage in sorted(zip(modules, stages, strict=True),
                                key=lambda pair: pair[0].text(pair[0].name, language)):
        _name, services = groups.setdefault(
            module.category.key, (module.text(module.category.name, language), []))
        services.append(CatalogueService(
            name=module.text(module.name, language),
            summary=module.text(module.summary, language),
            url=registry.start_url(module), stage=stage))
    ordered = sorted((CatalogueGroup(name, tuple(services))
                      for name, services in groups.values()), key=lambda group: group.name)
    kept_by_language[key] = (modules, stages, ordered)
    return ordered


@bp.route("/tillganglighet")
def accessibility_statement():
    config = current_app.config
    known = [item.strip() for item in config["ACCESSIBILITY_KNOWN_ISSUES"].split("|")
             if item.strip()]
    report_url = None
    registry = current_app.extensions["eservices.modules"]
    if "accessibility_report" in registry.enabled:
        report_url = url_for(registry.enabled["accessibility_report"].start_endpoint)
    return render_template(
        "eservices/accessibility.html", status=config["ACCESSIBILITY_STATUS"],
        known_issues=known, assessed=date.fromisoformat(config["ACCESSIBILITY_ASSESSED"]),
        report_url=report_url)
