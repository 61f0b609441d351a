"""The forms toolkit's platform behaviour that every module relies on."""

from __future__ import annotations

from datetime import UTC, datetime

from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import HiddenInput

from eservices import clock
from eservices.clock import ControlledClock
from eservices.forms import QuestionForm


class ColourForm(QuestionForm):
    colour = RadioField("Colour", choices=[SelectChoice("red", "Red"),
                                           SelectChoice("blue", "Blue")],
                        validators=[InputRequired("Select a colour")])

    def validate_colour(self, field) -> None:
        if field.data == "red":
            raise ValidationError("Red is sold out: choose blue")


def _validate(app, data):
    with app.test_request_context(method="POST", data=data):
        form = ColourForm(meta={"csrf": False})
        form.validate()
        return form.colour.errors


def test_missing_and_tampered_choices_read_like_the_question(app):
    assert _validate(app, {}) == ["Select a colour"]
    assert _validate(app, {"colour": "green"}) == ["Select a colour"]


def test_a_valid_choice_the_page_refuses_keeps_the_pages_message(app):
    assert _validate(app, {"colour": "red"}) == ["Red is sold out: choose blue"]
    assert _validate(app, {"colour": "blue"}) == []


def test_today_is_the_swedish_date(app):
    with app.app_context():
        # 23:30 UTC on 31 December is already New Year's Day in Sweden.
        app.extensions["eservices.clock"] = ControlledClock(
            datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
        assert clock.today().isoformat() == "2027-01-01"


def test_the_csrf_token_is_written_as_wtforms_writes_it(app):
    with app.test_request_context():
        form = ColourForm()
        token = form.csrf_token
        assert str(token) == HiddenInput()(token) == (
            '<input id="csrf_token" name="csrf_token" type="hidden" '
            f'value="{token.current_token}">')
        assert token(data_x="1") == HiddenInput()(token, data_x="1")  # the generic way
        assert ColourForm(meta={"csrf": False})._fields.get("csrf_token") is None
