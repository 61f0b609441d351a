"""XLIFF 2.0, as translation tools read and write it.

One ``<file>`` per catalogue or module's templates (``catalogue:platform``,
``templates:collection_alerts``), one ``<unit>`` per message, one ``<segment>``
per plural form.  ``<source>`` is the Swedish translators here work from, the
English the code was written in is a ``<note category="english">``, and each
segment's ``state`` is ``initial``, ``translated`` (a draft awaiting review, a
fuzzy entry) or ``reviewed``.  Read with lxml, refusing any DTD (no entities,
nothing fetched), so a hostile file can neither expand nor reach the network.
"""

from __future__ import annotations

from itertools import groupby

from flask_babel import gettext as _
from lxml import etree

from .incoming import IMPORT_STATES, Incoming, Parsed, Problem, unit_state, unknown_state
from .notes import notes
from .units import Export

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def write(export: Export) -> bytes:
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="2.0",
                         srcLang=export.source_language, trgLang=export.language)
    for file_id, units in groupby(export.units, key=lambda unit: unit.file):
        file = etree.SubElement(root, _q("file"), id=file_id)
        file.set(f"{{{XML_NS}}}space", "preserve")
        for unit in units:
            element = etree.SubElement(file, _q("unit"), id=unit.id)
            if unit.context:
                element.set("name", unit.context)
            notes_element = etree.SubElement(element, _q("notes"))
            for category, text in notes(unit):
                etree.SubElement(notes_element, _q("note"), category=category).text = text
            for form, text in enumerate(unit.target):
                segment = etree.SubElement(element, _q("segment"), state=unit.state)
                if unit.plural:
                    segment.set("id", f"form{form}")
                source = etree.SubElement(segment, _q("source"))
                source.set(f"{{{XML_NS}}}lang", export.source_language)
                source.text = unit.source_of_form(form)
                target = etree.SubElement(segment, _q("target"))
                target.set(f"{{{XML_NS}}}lang", export.language)
                target.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def read(data: bytes) -> Parsed:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        return Parsed(None, problems=[Problem(_("the file is not well-formed XML: %(error)s",
                                                error=error.msg), line=error.lineno)])
    if root.getroottree().docinfo.doctype:
        return Parsed(None, problems=[Problem(_("an XLIFF file must have no DOCTYPE"),
                                              line=1)])
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        return Parsed(None, problems=[Problem(_("the file is not XLIFF 2.0 (an <xliff> "
                                                "element with version 2.0 in the XLIFF 2.0 "
                                                "namespace)"), line=root.sourceline)])
    parsed = Parsed(root.get("trgLang"))
    if not parsed.language:
        parsed.problems.append(Problem(_("the <xliff> element has no trgLang, the language "
                                         "of the translations"), line=root.sourceline))
    for file in root.iterchildren(_q("file")):
        file_id = file.get("id") or ""
        for unit in file.iter(_q("unit")):
            incoming = _unit(file_id, unit, parsed.problems)
            if incoming is not None:
                parsed.units.append(incoming)
    return parsed


def _unit(file_id: str, unit: etree._Element, problems: list[Problem]) -> Incoming | None:
    name = f"{file_id} {unit.get('id') or ''}"
    forms, lines, states = [], [], []
    for segment in unit.iterchildren(_q("segment")):
        state = segment.get("state", "initial")
        if state not in IMPORT_STATES:
            problems.append(Problem(unknown_state(state), segment.sourceline, name))
            return None
        target = segment.find(_q("target"))
        if target is not None and len(target):
            problems.append(Problem(_("the target has markup in it; only text can be "
                                      "imported"), target.sourceline, name))
            return None
        forms.append((target.text or "") if target is not None else "")
        lines.append(segment.sourceline if target is None else target.sourceline)
        states.append(state)
    if not forms:
        problems.append(Problem(_("the unit has no segment"), unit.sourceline, name))
        return None
    return Incoming(file=file_id, id=unit.get("id") or "", forms=forms, lines=lines,
                    state=unit_state(states))
