"""Journeys as YAML: the readable file an operator exports, a designer reviews and
another installation imports.

Export writes the keys in the schema's order, block style, real unicode and
ISO dates, leaving defaults out, so a file reads like the editor's pages.
Import is strict and *says everything at once*: every problem of a file - a
YAML syntax error, a shape error from the schema, a meaning problem from the
integrity checks - is returned with the line it is on, because a translator or
operator fixing a file by hand should not have to re-run it once per mistake.

Only ``yaml.SafeLoader``/``SafeDumper`` are used (no Python tags, no code), the
input size is bounded, and anchors/aliases are refused: an alias repeated
inside an alias ("billion laughs") is tiny as text but enormous to validate.

``python -m eservices.journeys.yaml_io --schema`` prints the JSON Schema that
``docs/journey.schema.json`` publishes.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from . import store
from .schema import JourneyDefinition, json_schema

#: Larger than any real journey (60 pages in a few languages is ~100 kB).
MAX_YAML_BYTES = 512 * 1024
SCHEMA_COMMAND = "python -m eservices.journeys.yaml_io --schema > docs/journey.schema.json"


@dataclass(frozen=True)
class FileProblem:
    """One problem of an imported file: what, and on which line (1-based; None if unknown)."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportRefused(Exception):
    """The file cannot be imported; ``problems`` lists every reason, in line order."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.message))
        super().__init__("\n".join(str(problem) for problem in self.problems))


# -- export ---------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Safe, with tuples as lists and multi-line texts as ``|`` blocks."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(tuple, lambda dumper, value: dumper.represent_list(value))
_Dumper.add_representer(str, _text)


def to_data(definition: JourneyDefinition) -> dict[str, Any]:
    """The definition as plain data in the schema's key order, defaults left out."""
    data = definition.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    return {"schema_version": definition.schema_version, **data}


def dump(definition: JourneyDefinition) -> str:
    return yaml.dump(to_data(definition), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)


# -- import ---------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """Safe, and refusing anchors and aliases (see the module docstring)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed in a journey file",
                event.start_mark)
        return super().compose_node(parent, index)


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The document's data and its node tree (whose marks give the lines)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def _child(node: yaml.Node | None, part: str | int, key: bool = False) -> yaml.Node | None:
    """The node at ``part`` under ``node`` (the key's own node when ``key``)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return key_node if key else value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and \
            0 <= part < len(node.value):
        return node.value[part]
    return None


def _locate(root: yaml.Node | None, loc: Sequence[str | int]) -> tuple[int | None, str]:
    """The line of a pydantic error's ``loc`` and the path a reader can follow.

    A ``loc`` names union members ("AnswerIs") and validators between the
    data's own keys; a part that is not in the data is skipped, except the
    last (a missing field is named, on its parent's line).
    """
    node, shown = root, []
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        found = _child(node, part, key=last and isinstance(part, str))
        if found is not None:
            node = found
            shown.append(f"[{part}]" if isinstance(part, int) else str(part))
        elif last:
            shown.append(str(part))
    path = ".".join(shown).replace(".[", "[")
    return (node.start_mark.line + 1 if node is not None else None), path


def _union_member(loc: Sequence[str | int], root: yaml.Node | None) -> tuple[int, tuple]:
    """(position, prefix) of the first part of ``loc`` that is not in the data, or (-1, ())."""
    node = root
    for position, part in enumerate(loc[:-1]):
        found = _child(node, part)
        if found is None:
            return position, tuple(loc[:position])
        node = found
    return -1, ()


def _prune(errors: list[dict[str, Any]], root: yaml.Node | None) -> list[dict[str, Any]]:
    """Of a union's members, keep the errors of the one that fits best (fewest errors).

    A condition with a misspelt operator fails as an ``AnswerIs`` (one error)
    and as ``AllOf``/``AnyOf``/``NotThis`` (several each); only the first is
    what the author meant.
    """
    groups: dict[tuple, dict[Any, list[dict[str, Any]]]] = {}
    kept: list[dict[str, Any]] = []
    for error in errors:
        position, prefix = _union_member(error["loc"], root)
        if position < 0:
            kept.append(error)
        else:
            groups.setdefault(prefix, {}).setdefault(error["loc"][position], []).append(error)
    for members in groups.values():
        kept += min(members.values(), key=len)
    return kept


def shape_problems(error: ValidationError, root: yaml.Node | None) -> list[FileProblem]:
    found = []
    for item in _prune(list(error.errors()), root):
        line, path = _locate(root, item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        found.append(FileProblem(f"{path}: {message}" if path else message, line))
    return found


def _field_path(page: str | None, field: str, definition: JourneyDefinition
                ) -> list[str | int]:
    """The data path an integrity problem's editor field stands for."""
    base, _sep, language = field.rpartition("-") if "-" in field else (field, "", "")
    if base == "receipt":
        return ["receipts", int(language) - 1]
    parts: list[str | int] = []
    if page is not None:
        index = next((i for i, p in enumerate(definition.pages) if p.key == page), None)
        if index is None:
            return ["pages"]
        parts = ["pages", index]
        if base in ("label", "hint", "summary_label", "options", "none_option"):
            parts.append("question")
    else:
        parts = {"declaration": ["check_answers"], "next_steps": ["confirmation"],
                 "controller": ["privacy"], "purpose": ["privacy"]}.get(base, [])
    return [*parts, base, *([language] if language else [])]


def meaning_problems(definition: JourneyDefinition, root: yaml.Node | None
                     ) -> list[FileProblem]:
    """The integrity checks' problems, each on the line of the field it names."""
    found = []
    for problem in store.problems_of(definition):
        path = _field_path(problem.page, problem.field, definition)
        node, line = root, None
        for part in path:
            node = _child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        where = f"page {problem.page}: " if problem.page else ""
        found.append(FileProblem(where + problem.message, line))
    return found


def load(text: str | bytes, *, slug: str | None = None, check: bool = True
         ) -> JourneyDefinition:
    """The definition in a YAML file, or ``ImportRefused`` with every problem and its line.

    ``slug`` imports it under another address.  ``check`` runs the integrity
    checks too (needs an app context); without it only the shape is checked.
    """
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_YAML_BYTES:
        raise ImportRefused([FileProblem(
            f"the file is {size} bytes; a journey file may be at most {MAX_YAML_BYTES}")])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportRefused([FileProblem(f"the file is not UTF-8 text ({exc.reason})")]
                                ) from exc
    try:
        data, root = _parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        raise ImportRefused([FileProblem(f"YAML: {reason}",
                                         mark.line + 1 if mark else None)]) from exc
    except (yaml.YAMLError, ValueError) as exc:  # e.g. a date like 2026-13-45
        raise ImportRefused([FileProblem(f"YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ImportRefused([FileProblem("a journey file is a mapping of keys to values "
                                         "(slug:, name:, pages: ...)", 1)])
    if slug is not None:
        data["slug"] = slug
    try:
        definition = JourneyDefinition.model_validate(data)
    except ValidationError as exc:
        raise ImportRefused(shape_problems(exc, root)) from exc
    if check:
        found = meaning_problems(definition, root)
        if found:
            raise ImportRefused(found)
    return definition


def _dates_as_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def schema_text() -> str:
    """``docs/journey.schema.json`` as it should read."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, default=_dates_as_text) + "\n"


if __name__ == "__main__":  # pragma: no cover - the regeneration command
    if sys.argv[1:] != ["--schema"]:
        sys.exit(f"usage: {SCHEMA_COMMAND}")
    sys.stdout.write(schema_text())
