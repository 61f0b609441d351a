"""The back office's forms: which day to show, a message to a route day's subscribers, API keys.

A disruption message is checked against the SMS it becomes (the notice around the
text, in every language a subscriber reads), not against the text alone: the
handläggare must learn that it is too long here, not from a failed send.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from eservices.toolkit import DateInputField, QuestionForm, clock, tokens

T = "collection_alerts/staff/"  # where the back office's templates are
MESSAGE_MAX_CHARACTERS = 1000  # a hard ceiling; the segment check is the real limit
DELAY_MAX_MINUTES = 600
KEY_NAME_MAX = 80
DRAFT_PURPOSE = "collection-alerts-disruption-draft"
DRAFT_MAX_AGE = timedelta(hours=1)

KIND_LABELS = {
    "message": _l("Other information"),
    "delay": _l("A delay"),
    "cancel": _l("A cancellation"),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class DayForm(QuestionForm):
    """The day to show, read from the query string (a GET form needs no CSRF token)."""

    class Meta:
        csrf = False

    day = DateInputField(_l("Date"), validators=[InputRequired(_l("Enter a date"))])


class DisruptionForm(QuestionForm):
    """What to tell every subscriber of one route day.

    ``segments_for(text, kind)`` gives the most segments the finished SMS needs in
    any language it goes out in; ``refused_kinds`` maps a kind the route day's state
    does not allow (a delay on a finished route) to the reason.
    """

    kind = RadioField(_l("What do you want to tell the subscribers?"), choices=[
        SelectChoice(value, label) for value, label in KIND_LABELS.items()],
        validators=[InputRequired(_l("Select what you want to tell the subscribers"))])
    minutes = StringField(_l("Delay in minutes"), filters=[_strip])
    message = TextAreaField(_l("Message"), filters=[_strip], validators=[
        DataRequired(_l("Enter the message")),
        Length(max=MESSAGE_MAX_CHARACTERS,
               message=_l("The message must be %(max)d characters or fewer",
                          max=MESSAGE_MAX_CHARACTERS))])

    def __init__(self, *args, segments_for: Callable[[str, str], int], max_segments: int,
                 refused_kinds: dict[str, str] | None = None, **kwargs) -> None:
        self.segments_for = segments_for
        self.max_segments = max_segments
        self.refused_kinds = refused_kinds or {}
        super().__init__(*args, **kwargs)

    def validate_kind(self, field: RadioField) -> None:
        if field.data in self.refused_kinds:
            raise ValidationError(self.refused_kinds[field.data])

    def validate_minutes(self, field: StringField) -> None:
        if self.kind.data != "delay":
            field.data = None  # only a delay has minutes; a stray value means nothing
            return
        if not field.data:
            raise ValidationError(_l("Enter the delay in minutes"))
        if not field.data.isdigit():
            raise ValidationError(_l("The delay must be a whole number of minutes, like 30"))
        if not 1 <= int(field.data) <= DELAY_MAX_MINUTES:
            raise ValidationError(_l("The delay must be between 1 and %(max)d minutes",
                                     max=DELAY_MAX_MINUTES))

    def validate_message(self, field: TextAreaField) -> None:
        kind = self.kind.data if self.kind.data in KIND_LABELS else "message"
        if field.data and self.segments_for(field.data, kind) > self.max_segments:
            field.error_kind = "too_long"
            raise ValidationError(_l(
                "The message is too long for %(max)d SMS segments. Shorten it",
                max=self.max_segments))

    @property
    def delay_minutes(self) -> int | None:
        return int(self.minutes.data) if self.kind.data == "delay" and self.minutes.data \
            else None


class ConfirmForm(QuestionForm):
    """The previewed message, signed: what is sent is what was previewed."""

    draft = HiddenField(validators=[DataRequired()])


@dataclass(frozen=True)
class Draft:
    """A previewed disruption message, carried signed from the preview to the send.

    ``id`` names this one preview: sending records it, so a second confirmation of
    the same preview (a double click, the back button) is recognised and refused.
    The number of recipients is deliberately not part of it: it is counted again
    when the message is sent.
    """

    route_id: int
    day: str  # ISO date of the route day
    kind: str
    message: str
    minutes: int | None
    id: str
    made_at: str  # ISO timestamp (clock.now()), for expiry

    @classmethod
    def new(cls, route_id: int, day: date, kind: str, message: str,
            minutes: int | None) -> Draft:
        return cls(route_id, day.isoformat(), kind, message, minutes,
                   secrets.token_urlsafe(9), clock.now().isoformat())

    def sign(self) -> str:
        return tokens.sign(DRAFT_PURPOSE, asdict(self))

    @classmethod
    def read(cls, token: str | None, route_id: int, day: date) -> Draft | None:
        """The draft in ``token`` if it is genuine, fresh and about this route day."""
        try:
            draft = cls(**tokens.unsign(DRAFT_PURPOSE, token or ""))
            made_at = datetime.fromisoformat(draft.made_at)
        except (TypeError, ValueError):  # tokens.InvalidToken is a ValueError
            return None
        if draft.route_id != route_id or draft.day != day.isoformat():
            return None
        if not timedelta(0) <= clock.now() - made_at <= DRAFT_MAX_AGE:
            return None
        return draft


class ApiKeyForm(QuestionForm):
    name = StringField(_l("Name of the key"), filters=[_strip], validators=[
        DataRequired(_l("Enter a name for the key")),
        Length(max=KEY_NAME_MAX, message=_l("The name must be %(max)d characters or fewer",
                                            max=KEY_NAME_MAX))])
