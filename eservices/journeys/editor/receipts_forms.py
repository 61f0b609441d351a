"""The receipt form and the test-message form, built per journey and site languages.

The recipient choices are the journey's own mobile and e-mail questions, and
there is one subject and one text field per site language (never a fixed sv
and en), so the form is made for the journey it edits.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from ...forms import QuestionForm
from ..schema import JourneyDefinition, Receipt
from .common import languages, text
from .forms import EditorForm, TextSpec, groups, initial_texts, texts_of, with_texts
from .texts_base import language_names

CHANNELS = {"sms": _l("SMS"), "email": _l("E-mail")}
#: The question type a receipt of each channel is sent to.
RECIPIENT_TYPE = {"sms": "mobile", "email": "email"}


def recipients(definition: JourneyDefinition) -> list[tuple[str, str, str]]:
    """(key, label, channel) of every question a receipt can go to."""
    found = []
    for page in definition.questions():
        question = page.question
        assert question is not None
        channel = next((c for c, t in RECIPIENT_TYPE.items() if t == question.type), None)
        if channel is not None:
            found.append((page.key, text(question.label, page.key), channel))
    return found


SUBJECT = TextSpec("subject", _l("E-mail subject"), max_length=200)
TEXT = TextSpec("text", _l("Text"), long=True)


class ReceiptFormBase(EditorForm):
    channel = RadioField(_l("How is the receipt sent?"),
                         choices=[SelectChoice(c, label) for c, label in CHANNELS.items()],
                         validators=[InputRequired(_l("Select SMS or e-mail"))])
    to = RadioField(_l("Which answer is it sent to?"),
                    validators=[InputRequired(_l("Select the question whose answer the "
                                                 "receipt is sent to"))])

    targets: dict[str, str] = {}

    def validate_to(self, field: Any) -> None:
        channel = self.channel.data
        if channel in RECIPIENT_TYPE and self.targets.get(field.data) not in (None, channel):
            raise ValidationError(
                _("An SMS goes to a question for a mobile number; select one")
                if channel == "sms" else
                _("An e-mail goes to a question for an e-mail address; select one"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not texts_of(self, "text", languages()):
            first = self[f"text_{languages()[0]}"]
            first.errors = [*first.errors, _("Write the text of the receipt")]
            valid = False
        return valid

    def receipt(self) -> Receipt:
        subject = texts_of(self, "subject", languages()) if self.channel.data == "email" else {}
        return Receipt(channel=self.channel.data, to=self.to.data, subject=subject,
                       text=texts_of(self, "text", languages()))


def receipt_form(definition: JourneyDefinition, receipt: Receipt | None = None,
                 **kwargs: Any) -> ReceiptFormBase:
    """The form for a receipt of ``definition``, one subject and text per site language."""
    targets = recipients(definition)
    form_class = with_texts(ReceiptFormBase, [SUBJECT, TEXT], languages(), "receipt-")
    if receipt is not None:
        kwargs = {"channel": receipt.channel, "to": receipt.to,
                  **initial_texts("subject", receipt.subject, languages()),
                  **initial_texts("text", receipt.text, languages()), **kwargs}
    form = form_class(**kwargs)
    assert isinstance(form, ReceiptFormBase)
    form.targets = {key: channel for key, _label, channel in targets}
    form.to.choices = [SelectChoice(key, f"{label} ({CHANNELS[channel]})")
                       for key, label, channel in targets]
    return form


def text_groups(form: ReceiptFormBase) -> list[Any]:
    return groups(form, [SUBJECT, TEXT], languages(), "receipt-")


class TestMessageForm(QuestionForm):
    """Where to send a test of a receipt, and in which language."""

    recipient = StringField(validators=[
        InputRequired(_l("Enter where to send the test")),
        Length(max=254, message=_l("Enter 254 characters or fewer"))])
    language = RadioField(_l("Which language?"),
                          validators=[InputRequired(_l("Select a language"))])


def test_message_form(channel: str, **kwargs: Any) -> TestMessageForm:
    form = TestMessageForm(**kwargs)
    form.recipient.label.text = (_("Mobile number to send the test to") if channel == "sms"
                                 else _("E-mail address to send the test to"))
    form.language.choices = [SelectChoice(code, name)
                             for code, name in language_names().items()]
    return form
