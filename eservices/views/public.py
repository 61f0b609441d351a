"""Residents' platform pages: the catalogue and the accessibility statement."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template, url_for

from ..i18n import current_language

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    registry = current_app.extensions["eservices.modules"]
    language = current_language()
    groups: dict[str, dict] = {}
    for module in sorted(registry.visible(), key=lambda m: m.text(m.name, language)):
        group = groups.setdefault(module.category.key, {
            "name": module.text(module.category.name, language), "services": []})
        group["services"].append({
            "name": module.text(module.name, language),
            "summary": module.text(module.summary, language),
            "url": registry.start_url(module),
            "stage": registry.stage(module),
        })
    ordered = sorted(groups.values(), key=lambda g: g["name"])
    return render_template("eservices/index.html", groups=ordered)


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
