"""Finding, checking and registering modules.

Lessons taken from Indico's and CKAN's plugin systems:

* Order is deterministic (sorted by id), never the order entry points happen to
  be installed in, so two sites with the same modules behave the same.
* Nothing is shared by accident: each module's URLs, templates, tables, settings
  and translations live under its id, and clashes are refused at start-up
  instead of one module silently overriding another's template.
* One module's failure is contained: a module that cannot be imported or
  registered is logged and listed as broken, and the rest of the site serves.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path

from flask import Flask, url_for

from ..db import db
from ..languages.catalogues import LanguageDomain
from ..languages.current import current_language
from .manifest import STAGES, ManifestError, Module, Stage

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "eservices.modules"
RESERVED_PREFIXES = ("/staff", "/static", "/healthz", "/api", "/language", "/robots.txt",
                     "/tillganglighet", "/accessibility", "/open311")


@dataclass(frozen=True)
class BrokenModule:
    name: str
    source: str
    error: str
    details: str


def _none(_blueprint: str) -> Module | None:
    return None


@dataclass
class ModuleRegistry:
    """The modules of one app: the registered ones, the disabled and the broken."""

    installed: dict[str, Module] = field(default_factory=dict)
    enabled: dict[str, Module] = field(default_factory=dict)
    broken: list[BrokenModule] = field(default_factory=list)
    domains: dict[str, LanguageDomain] = field(default_factory=dict)
    # Stages designers have set (the lifecycle page); the manifest's stage otherwise.
    stage_overrides: Callable[[], dict[str, Stage]] = dict
    #: Journeys built in the browser, as modules by id (eservices/journeys/catalogue
    #: sets it; read per request).  A code module with the same id wins.
    built: Callable[[], dict[str, Module]] = dict
    #: The built journey a request of a blueprint is for: built journeys share
    #: one blueprint, so its name alone does not name the module.
    current_built: Callable[[str], Module | None] = _none
    _by_blueprint: dict[str, Module] = field(default_factory=dict)

    def for_blueprint(self, blueprint: str | None) -> Module | None:
        if not blueprint:
            return None
        name = blueprint.split(".", 1)[0]
        return self._by_blueprint.get(name) or self.current_built(name)

    def built_modules(self) -> dict[str, Module]:
        """The built journeys served as modules (none shadowed by a code module)."""
        return {mid: m for mid, m in self.built().items() if mid not in self.installed}

    def find(self, module_id: str, enabled_only: bool = False) -> Module | None:
        """A code module (installed, or enabled only), else a built journey, by id."""
        if module_id in self.installed:
            return (self.enabled if enabled_only else self.installed).get(module_id)
        return self.built_modules().get(module_id)

    def start_url(self, module: Module) -> str:
        """The catalogue's link to a module; a built journey's start page takes its slug."""
        if module.id in self.installed:
            return url_for(module.start_endpoint)
        return url_for(module.start_endpoint, slug=module.resident_prefix.strip("/"))

    def stage(self, module: Module) -> Stage:
        return self.stage_overrides().get(module.id, module.stage)

    def visible(self) -> list[Module]:
        """Modules a resident may see in the catalogue."""
        code = [m for m in self.enabled.values() if m.blueprint is not None]
        return [m for m in [*code, *self.built_modules().values()]
                if self.stage(m) not in ("retired", "idea")]

    def migration_dirs(self) -> list[Path]:
        """Every installed module's migrations, enabled or not: switching a module
        off must not make its applied revisions unknown to Alembic."""
        return [m.migrations_dir for m in self.installed.values() if m.migrations_dir.is_dir()]

    def mark_broken(self, name: str, source: str, exc: BaseException) -> None:
        log.error("module %s (%s) is broken and was not registered: %s", name, source, exc,
                  exc_info=exc)
        self.broken.append(BrokenModule(
            name=name, source=source, error=f"{type(exc).__name__}: {exc}",
            details="".join(traceback.format_exception(exc))))


def _candidates(registry: ModuleRegistry) -> list[tuple[str, str, Callable[[], object]]]:
    """(name, source, loader) for every module an entry point names.

    An entry point names a Module manifest, or a function returning import paths
    of packages that each hold one (a folder of prototypes: a new one needs no
    entry point of its own).
    """
    candidates: list[tuple[str, str, Callable[[], object]]] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        source = f"{entry.dist.name if entry.dist else '?'}: {entry.value}"
        try:
            loaded = entry.load()
            paths = list(loaded()) if callable(loaded) else None
        except Exception as exc:  # any failure must not stop the site
            registry.mark_broken(entry.name, source, exc)
            continue
        if paths is None:
            candidates.append((entry.name, source, lambda loaded=loaded: loaded))
            continue
        for path in paths:
            candidates.append((path.rsplit(".", 1)[-1], f"{source} -> {path}",
                               lambda path=path: import_module(path).module))
    return candidates


def discover(registry: ModuleRegistry) -> list[Module]:
    """Load every module the entry points name; broken ones are recorded, not raised."""
    found: list[Module] = []
    for name, source, load in _candidates(registry):
        try:
            module = load()
            if not isinstance(module, Module):
                raise ManifestError(f"{source} is a {type(module).__name__}, "
                                    "not an eservices Module manifest")
            module.validate()
            if module.id in registry.installed:
                raise ManifestError(f"id {module.id!r} is already used by another module")
        except Exception as exc:  # contained: logged and listed as broken
            registry.mark_broken(name, source, exc)
            continue
        registry.installed[module.id] = module
        found.append(module)
    return sorted(found, key=lambda m: m.id)


def _check_tables(module: Module) -> None:
    """Every table mapped by the module's own classes must carry its id as prefix."""
    if module.models:
        import_module(module.models)
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if not (cls.__module__ == module.package
                or cls.__module__.startswith(module.package + ".")):
            continue
        for table in mapper.tables:
            if not table.name.startswith(module.table_prefix):
                raise ManifestError(f"module {module.id!r}: table {table.name!r} must be "
                                    f"named {module.table_prefix}…")


def _is_enabled(app: Flask, module: Module) -> bool:
    only = app.config["MODULES_ENABLED"]
    if only and module.id not in only:
        return False
    return module.id not in app.config["MODULES_DISABLED"]


def _module_settings(app: Flask, module: Module) -> dict[str, str]:
    environ = app.config["_ENVIRON"]
    overrides = app.config.get("MODULE_SETTINGS", {}).get(module.id, {})
    values = {}
    for setting in module.settings:
        key = f"{module.id.upper()}_{setting.name}"
        values[setting.name] = overrides.get(setting.name, environ.get(key, setting.default))
    return values


def register_modules(app: Flask, registry: ModuleRegistry, platform_translations: Path) -> None:
    used_prefixes: dict[str, str] = {}
    settings: dict[str, dict[str, str]] = {}
    for module in discover(registry):
        if not _is_enabled(app, module):
            log.info("module %s is installed but disabled by configuration", module.id)
            continue
        try:
            prefix = module.resident_prefix
            if any(prefix == r or prefix.startswith(r + "/") for r in RESERVED_PREFIXES):
                raise ManifestError(f"module {module.id!r}: url prefix {prefix} is reserved")
            if prefix in used_prefixes:
                raise ManifestError(f"module {module.id!r}: url prefix {prefix} is already "
                                    f"used by {used_prefixes[prefix]!r}")
            _check_tables(module)
            settings[module.id] = _module_settings(app, module)
            if module.blueprint is not None:
                app.register_blueprint(module.blueprint, url_prefix=prefix)
            if module.staff_blueprint is not None:
                app.register_blueprint(module.staff_blueprint, url_prefix=module.staff_prefix)
            if module.api_blueprint is not None:
                # Integrations authenticate with API keys, not cookies: no CSRF to check.
                app.extensions["csrf"].exempt(module.api_blueprint)
                app.register_blueprint(module.api_blueprint, url_prefix=module.api_prefix)
            if module.cli is not None:
                app.cli.add_command(module.cli, name=module.id.replace("_", "-"))
        except Exception as exc:
            registry.mark_broken(module.id, module.package, exc)
            continue
        used_prefixes[prefix] = module.id
        registry.enabled[module.id] = module
        registry._by_blueprint[module.id] = module
        registry._by_blueprint[f"{module.id}_staff"] = module
        registry._by_blueprint[f"{module.id}_api"] = module
        # The module's own catalogue, falling back to the platform's for the
        # shared layout: two modules can never overwrite each other's strings.
        registry.domains[module.id] = LanguageDomain(
            current_language,
            translation_directories=[str(platform_translations), str(module.translations_dir)])
    app.config["MODULE_SETTINGS"] = settings


def module_setting(app: Flask, module_id: str, name: str) -> str:
    return app.config["MODULE_SETTINGS"][module_id][name]


def whole_number_setting(app: Flask, module_id: str, name: str, minimum: int = 1) -> int:
    """A setting read as a whole number, never a crash: a value that is none falls
    back to the default the manifest declares, one below ``minimum`` is ``minimum``."""
    try:
        return max(int(module_setting(app, module_id, name)), minimum)
    except ValueError:
        module = app.extensions["eservices.modules"].enabled[module_id]
        declared = next(s.default for s in module.settings if s.name == name)
        return max(int(declared), minimum)


__all__ = ["STAGES", "BrokenModule", "ModuleRegistry", "module_setting", "register_modules"]
