"""Changes to a definition the editor makes, as pure functions over its JSON.

Definitions are immutable values, so each change here takes one and returns
a new one (validated again by ``JourneyDefinition.model_validate``); the
handlers only decide *which* change and store the result through
``store.save_draft``.  Renaming or deleting a page also updates what refers
to it - conditions on later pages and receipts - so a designer's tidy-up
never leaves a reference dangling silently.
"""

from __future__ import annotations

import re
from typing import Any

from ..conditions import referenced
from ..schema import JourneyDefinition, Page
from .options import key_from, unique_key

Data = dict[str, Any]


def dumped(definition: JourneyDefinition) -> Data:
    return definition.model_dump(mode="json", by_alias=True, exclude_none=True)


def validated(data: Data) -> JourneyDefinition:
    return JourneyDefinition.model_validate(data)


def page_index(definition: JourneyDefinition, key: str) -> int | None:
    return next((index for index, page in enumerate(definition.pages) if page.key == key),
                None)


def new_key(definition: JourneyDefinition, base: str) -> str:
    return unique_key(key_from(base, "page"), {page.key for page in definition.pages})


def add_page(definition: JourneyDefinition, kind: str, question_type: str | None
             ) -> tuple[JourneyDefinition, str]:
    """The definition with a new, still empty page at the end, and the page's key."""
    key = new_key(definition, question_type or kind)
    page: Data = {"key": key, "kind": kind}
    if kind == "question":
        page["question"] = {"type": question_type, "label": {}}
    data = dumped(definition)
    data["pages"] = [*data["pages"], page]
    return validated(data), key


def replace_page(definition: JourneyDefinition, index: int, page: Page) -> JourneyDefinition:
    data = dumped(definition)
    data["pages"][index] = page.model_dump(mode="json", by_alias=True, exclude_none=True)
    return validated(data)


def move(definition: JourneyDefinition, key: str, step: int) -> JourneyDefinition | None:
    """The page moved one place up (-1) or down (+1); None when it is already at the end."""
    index = page_index(definition, key)
    if index is None or not 0 <= index + step < len(definition.pages):
        return None
    data = dumped(definition)
    pages = data["pages"]
    pages[index], pages[index + step] = pages[index + step], pages[index]
    return validated(data)


def dependants(definition: JourneyDefinition, key: str) -> list[Page]:
    """The pages whose condition looks at the answer to ``key``."""
    return [page for page in definition.pages if key in referenced(page.condition)]


def delete(definition: JourneyDefinition, key: str) -> JourneyDefinition:
    """The page removed, and the rules about its answer removed from other conditions."""
    data = dumped(definition)
    data["pages"] = [page for page in data["pages"] if page["key"] != key]
    for page in data["pages"]:
        if "condition" in page:
            pruned = prune(page["condition"], key)
            if pruned is None:
                del page["condition"]
            else:
                page["condition"] = pruned
    return validated(data)


def prune(condition: Data, key: str) -> Data | None:
    """A condition (as JSON) without the comparisons with the answer to ``key``."""
    if "question" in condition:
        return None if condition["question"] == key else condition
    if "not" in condition:
        inner = prune(condition["not"], key)
        return None if inner is None else {"not": inner}
    combine = "all" if "all" in condition else "any"
    parts = [kept for part in condition[combine] if (kept := prune(part, key)) is not None]
    return {combine: parts} if parts else None


def rename(definition: JourneyDefinition, old: str, new: str) -> JourneyDefinition:
    """Page ``old`` renamed ``new``, with conditions, receipts and placeholders following."""
    data = dumped(definition)
    for page in data["pages"]:
        if page["key"] == old:
            page["key"] = new
        if "condition" in page:
            page["condition"] = _renamed(page["condition"], old, new)
    pattern = re.compile(r"\{" + re.escape(old) + r"\}")
    for receipt in data.get("receipts", []):
        if receipt["to"] == old:
            receipt["to"] = new
        for part in ("text", "subject"):
            receipt[part] = {language: pattern.sub("{" + new + "}", text)
                             for language, text in receipt.get(part, {}).items()}
    return validated(data)


def _renamed(condition: Data, old: str, new: str) -> Data:
    if "question" in condition:
        return {**condition, "question": new} if condition["question"] == old else condition
    if "not" in condition:
        return {"not": _renamed(condition["not"], old, new)}
    combine = "all" if "all" in condition else "any"
    return {combine: [_renamed(part, old, new) for part in condition[combine]]}
