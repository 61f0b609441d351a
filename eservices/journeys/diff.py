"""What changed between two journey definitions, in words a designer reads.

Publishing shows the draft's difference from the latest version, and every
version its difference from the one before (MoJ Forms' most asked-for
feature: "what did we change between test rounds?").  The sentences name
pages by their question or heading in the reader's language, conditions as
``conditions.describe`` says them, and never dump JSON: a designer must be
able to read the list aloud in a sprint review.

Pages are matched by key, so a page whose texts changed is one page that
changed, not one removed and one added; receipts are matched by position.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..languages.configured import label_name
from ..languages.current import writing_in
from . import conditions
from .schema import JourneyDefinition, Page, Question, Receipt

#: How much of a changed text is quoted before it is cut with "…".
QUOTE_LENGTH = 80

#: Answer types and legal bases as a designer calls them.
TYPE_NAMES = {
    "short_text": _l("short text"), "long_text": _l("long text"), "number": _l("number"),
    "date": _l("date"), "one_choice": _l("one choice"), "several_choices": _l("several choices"),
    "yes_no": _l("yes or no"), "email": _l("e-mail address"), "mobile": _l("mobile number"),
    "personal_number": _l("personal identity number"), "postal_code": _l("postal code"),
    "address": _l("address"), "name": _l("name"), "consent": _l("consent")}
LEGAL_BASES = {
    "consent": _l("consent"), "contract": _l("contract"),
    "legal_obligation": _l("legal obligation"), "vital_interests": _l("vital interests"),
    "public_interest": _l("public interest"),
    "legitimate_interests": _l("legitimate interests")}


def changes(old: JourneyDefinition | None, new: JourneyDefinition, language: str
            ) -> list[str]:
    """Every change from ``old`` to ``new`` as a sentence in ``language``; [] when equal.

    ``old`` is None for a journey's first version: everything is new, which is
    said in one sentence rather than one per page.
    """
    with writing_in(language):
        if old is None:
            return [_("The first version of the journey")]
        said = _Sentences(old, new, language)
        said.journey()
        said.pages()
        said.ending()
        said.receipts()
        said.privacy()
        return said.lines


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH - 1].rstrip() + "…"


def _text(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or next((t for t in texts.values() if t), "")


def _order_kept(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The keys in a longest common subsequence of both orders: the pages that stayed
    put while others moved around them (inserting one page moves no other page)."""
    lengths = [[0] * (len(new) + 1) for _row in range(len(old) + 1)]
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            lengths[i + 1][j + 1] = (lengths[i][j] + 1 if a == b
                                     else max(lengths[i][j + 1], lengths[i + 1][j]))
    kept: set[str] = set()
    i, j = len(old), len(new)
    while i and j:
        if old[i - 1] == new[j - 1]:
            kept.add(old[i - 1])
            i, j = i - 1, j - 1
        elif lengths[i - 1][j] >= lengths[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return kept


class _Sentences:
    """Collects the sentences; one method per part of the definition."""

    def __init__(self, old: JourneyDefinition, new: JourneyDefinition, language: str) -> None:
        self.old, self.new, self.language = old, new, language
        self.lines: list[str] = []

    def say(self, line: str) -> None:
        self.lines.append(line)

    def texts(self, what: str, old: Mapping[str, str], new: Mapping[str, str]) -> None:
        """One sentence for a text in any language: quoted in the reader's own
        language when that changed, otherwise which languages changed."""
        if dict(old) == dict(new):
            return
        language = self.language
        before, after = (old.get(language) or "").strip(), (new.get(language) or "").strip()
        if before != after:
            if not before:
                self.say(_("%(what)s was added: “%(new)s”", what=what, new=_quote(after)))
            elif not after:
                self.say(_("%(what)s was removed", what=what))
            else:
                self.say(_("%(what)s changed from “%(old)s” to “%(new)s”", what=what,
                           old=_quote(before), new=_quote(after)))
            return
        others = sorted({code for code in {*old, *new} if old.get(code) != new.get(code)})
        self.say(_("%(what)s changed in %(languages)s", what=what,
                   languages=", ".join(label_name(code) for code in others)))

    def value(self, what: str, old: Any, new: Any, show: Callable[[Any], str] = str) -> None:
        if old != new:
            self.say(_("%(what)s changed from %(old)s to %(new)s", what=what,
                       old=show(old) if old not in (None, "") else _("nothing"),
                       new=show(new) if new not in (None, "") else _("nothing")))

    # -- the parts ----------------------------------------------------------------

    def journey(self) -> None:
        old, new = self.old, self.new
        self.texts(_("The service's name"), old.name, new.name)
        self.texts(_("The summary"), old.summary, new.summary)
        self.texts(_("The start page"), old.start, new.start)
        self.value(_("The responsible team"), old.owner, new.owner)
        self.value(_("The catalogue heading"), old.category, new.category)
        self.value(_("The reference prefix"), old.reference_prefix, new.reference_prefix)
        self.value(_("The team's e-mail address for submissions"),
                   old.submissions.team_email, new.submissions.team_email)

    def name_of(self, page: Page) -> str:
        return _("page “%(name)s”", name=_quote(_text(page.heading(), self.language)
                                                 or page.key))

    def pages(self) -> None:
        old = {page.key: page for page in self.old.pages}
        new = {page.key: page for page in self.new.pages}
        for position, page in enumerate(self.new.pages, start=1):
            if page.key not in old:
                self.say(_("A new page at position %(position)s: %(page)s", position=position,
                           page=self.name_of(page)))
        for page in self.old.pages:
            if page.key not in new:
                self.say(_("Removed: %(page)s", page=self.name_of(page)))
        common_old = [key for key in old if key in new]
        common_new = [key for key in new if key in old]
        kept = _order_kept(common_old, common_new)
        for position, page in enumerate(self.new.pages, start=1):
            if page.key in old and page.key not in kept:
                self.say(_("Moved to position %(position)s: %(page)s", position=position,
                           page=self.name_of(page)))
        for page in self.new.pages:
            if page.key in old:
                self.page(old[page.key], page)

    def page(self, old: Page, new: Page) -> None:
        name = self.name_of(new)
        if old.kind != new.kind:
            kinds = {"question": _("a question page"), "content": _("a content page"),
                     "exit": _("an exit page")}
            self.say(_("%(page)s is now %(kind)s", page=name, kind=kinds[new.kind]))
        self.texts(_("The heading of %(page)s", page=name), old.title, new.title)
        self.texts(_("The text of %(page)s", page=name), old.body, new.body)
        if old.question is not None and new.question is not None:
            self.question(name, old.question, new.question)
        if old.condition != new.condition:
            if new.condition is None:
                self.say(_("%(page)s is now always shown", page=name))
            else:
                sentence = conditions.describe(new.condition, self.new.pages, self.language)
                self.say(_("%(page)s is now shown only if %(condition)s", page=name,
                           condition=sentence))

    def question(self, name: str, old: Question, new: Question) -> None:
        if old.type != new.type:
            self.say(_("The answer type of %(page)s changed from %(old)s to %(new)s",
                       page=name, old=TYPE_NAMES[old.type], new=TYPE_NAMES[new.type]))
        self.texts(_("The question on %(page)s", page=name), old.label, new.label)
        self.texts(_("The hint on %(page)s", page=name), old.hint, new.hint)
        self.texts(_("The label on check answers for %(page)s", page=name),
                   old.summary_label, new.summary_label)
        if old.required != new.required:
            self.say(_("%(page)s is now required", page=name) if new.required
                     else _("%(page)s is now optional", page=name))
        if old.is_personal != new.is_personal:
            self.say(_("The answer on %(page)s is now personal data", page=name)
                     if new.is_personal else
                     _("The answer on %(page)s is no longer marked as personal data",
                       page=name))
        self.options(name, old, new)
        self.texts(_("The “none of these” answer on %(page)s", page=name), old.none_option,
                   new.none_option)
        settings = ("max_length", "minimum", "maximum", "date_rule", "earliest", "latest",
                    "autocomplete")
        if any(getattr(old, field) != getattr(new, field) for field in settings):
            self.say(_("The answer rules of %(page)s changed", page=name))

    def options(self, name: str, old: Question, new: Question) -> None:
        before = {option.value: option for option in old.options}
        after = {option.value: option for option in new.options}
        for value, option in after.items():
            if value not in before:
                self.say(_("A new option on %(page)s: “%(option)s”", page=name,
                           option=_text(option.label, self.language) or value))
            elif before[value].label != option.label:
                self.texts(_("The option “%(option)s” on %(page)s",
                             option=_text(before[value].label, self.language) or value,
                             page=name), before[value].label, option.label)
        for value, option in before.items():
            if value not in after:
                self.say(_("An option was removed from %(page)s: “%(option)s”", page=name,
                           option=_text(option.label, self.language) or value))
        if [v for v in before if v in after] != [v for v in after if v in before]:
            self.say(_("The options on %(page)s are in a new order", page=name))

    def ending(self) -> None:
        old, new = self.old, self.new
        self.texts(_("The heading of check answers"), old.check_answers.title,
                   new.check_answers.title)
        self.texts(_("The declaration"), old.check_answers.declaration,
                   new.check_answers.declaration)
        self.texts(_("The heading of the confirmation page"), old.confirmation.title,
                   new.confirmation.title)
        self.texts(_("What happens next"), old.confirmation.next_steps,
                   new.confirmation.next_steps)

    def receipt_name(self, number: int, receipt: Receipt) -> str:
        return (_("SMS receipt %(number)s", number=number) if receipt.channel == "sms"
                else _("E-mail receipt %(number)s", number=number))

    def receipts(self) -> None:
        old, new = self.old.receipts, self.new.receipts
        for number, receipt in enumerate(new, start=1):
            if number > len(old):
                self.say(_("Added: %(receipt)s", receipt=self.receipt_name(number, receipt)))
                continue
            before = old[number - 1]
            name = self.receipt_name(number, receipt)
            if before.channel != receipt.channel:
                self.say(_("%(receipt)s was an SMS and is now an e-mail", receipt=name)
                         if receipt.channel == "email" else
                         _("%(receipt)s was an e-mail and is now an SMS", receipt=name))
            self.value(_("The recipient question of %(receipt)s", receipt=name),
                       before.to, receipt.to)
            self.texts(_("The subject of %(receipt)s", receipt=name), before.subject,
                       receipt.subject)
            self.texts(_("The text of %(receipt)s", receipt=name), before.text, receipt.text)
        for number, receipt in enumerate(old[len(new):], start=len(new) + 1):
            self.say(_("Removed: %(receipt)s", receipt=self.receipt_name(number, receipt)))

    def privacy(self) -> None:
        old, new = self.old.privacy, self.new.privacy
        self.texts(_("The data controller"), old.controller, new.controller)
        self.texts(_("The purpose of the processing"), old.purpose, new.purpose)
        self.value(_("The legal basis"), old.legal_basis, new.legal_basis,
                   lambda basis: str(LEGAL_BASES[basis]))
        if old.retention_days != new.retention_days:
            self.say(_("Submissions are now kept for %(new)s days instead of %(old)s",
                       new=new.retention_days, old=old.retention_days))
