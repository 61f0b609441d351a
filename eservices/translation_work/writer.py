"""Write an import's changes: the ``.po`` catalogues, the templates' TOML tables, the ``.mo``.

Called only with changes that passed every check.  Every file is written to a
temporary file beside it first and all of them are moved into place at the end,
so a full disk halfway leaves the old files, not half a language.  A fuzzy
state is kept as the ``fuzzy`` flag in the ``.po`` and as the channel's name in
the template's ``[fuzzy]`` table (``fi = ["sms"]``); the TOML files keep their comments and
layout (tomlkit).  This process's cached catalogues and templates are dropped;
other processes read the new texts when they restart.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import tomlkit
from babel.messages.catalog import Catalog
from flask import current_app

from .catalogue_files import (
    compile_catalogue,
    incomplete_languages,
    new_catalogue,
    po_path,
    read_catalogue,
    write_catalogue,
)
from .checks import Change
from .sources import Source
from .units import CHANNELS, DRAFTS_TABLE, template_of


def apply(found: list[Source], language: str, changes: list[Change]) -> list[Path]:
    """Write ``changes``; the files written, relative paths for the audit."""
    by_file: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_file[change.unit.file].append(change)
    owners = {source.owner: source for source in found}
    staged: list[tuple[Path, Path]] = []
    try:
        for file, file_changes in by_file.items():
            kind, _, owner = file.partition(":")
            source = owners[owner]
            if kind == "catalogue":
                assert source.translations is not None
                staged.append(_stage_catalogue(source.translations, language, file_changes))
            else:
                assert source.templates is not None
                staged.extend(_stage_templates(source.templates, language, file_changes))
    except BaseException:
        for temporary, _path in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    with_fuzzy = language in incomplete_languages(current_app.config.get("_ENVIRON"))
    for _temporary, path in staged:
        if path.suffix == ".po":
            compile_catalogue(path, with_fuzzy=with_fuzzy)
    _forget_cached()
    return [path for _temporary, path in staged]


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.importing")


def _stage_catalogue(translations: Path, language: str, changes: list[Change]
                     ) -> tuple[Path, Path]:
    path = po_path(translations, language)
    catalogue: Catalog = (read_catalogue(path) if path.exists()
                          else new_catalogue(language, template_of(translations)))
    for change in changes:
        unit = change.unit
        msgid = unit.english if unit.plural else unit.english[0]
        message = catalogue.get(msgid, unit.context or None)
        if message is None:
            message = catalogue.add(msgid, context=unit.context or None)
        message.string = change.forms if unit.plural else change.forms[0]
        if change.state == "reviewed":
            message.flags.discard("fuzzy")
        else:
            message.flags.add("fuzzy")
    temporary = _temporary(path)
    write_catalogue(temporary, catalogue)
    return temporary, path


def _stage_templates(folder: Path, language: str, changes: list[Change]
                     ) -> list[tuple[Path, Path]]:
    by_template: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        name, _, _channel = change.unit.id.rpartition(".")
        by_template[name].append(change)
    staged = []
    for name, template_changes in by_template.items():
        path = folder / f"{name}.toml"
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
        if language not in document:
            document.add(tomlkit.nl())
            document.add(language, tomlkit.table())
        table = document[language]
        if DRAFTS_TABLE not in document:
            document.add(tomlkit.nl())
            document.add(DRAFTS_TABLE, tomlkit.table())
        all_drafts = document[DRAFTS_TABLE]
        drafts = [str(channel) for channel in all_drafts.get(language, [])
                  if str(channel) in CHANNELS]
        for change in sorted(template_changes,
                             key=lambda c: CHANNELS.index(c.unit.id.rpartition(".")[2])):
            channel = change.unit.id.rpartition(".")[2]
            text = change.forms[0]
            table[channel] = tomlkit.string(text, multiline="\n" in text)
            drafts = [draft for draft in drafts if draft != channel]
            if change.state != "reviewed":
                drafts.append(channel)
        if drafts:
            all_drafts[language] = sorted(drafts, key=CHANNELS.index)
        elif language in all_drafts:
            del all_drafts[language]
        if not all_drafts:
            del document[DRAFTS_TABLE]
        temporary = _temporary(path)
        temporary.write_text(tomlkit.dumps(document), encoding="utf-8")
        staged.append((temporary, path))
    return staged


def _forget_cached() -> None:
    """Drop what this process has read: the templates, the modules' catalogues."""
    from notifications import templates

    templates._load.cache_clear()
    for domain in current_app.extensions["eservices.modules"].domains.values():
        cache = getattr(domain, "cache", None)
        if isinstance(cache, dict):
            cache.clear()
