"""Forms of the back office."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from .accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


class SignInForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        InputRequired(_l("Enter your username")), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Enter your password")), Length(max=MAX_PASSWORD_LENGTH)])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password")), Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField(_l("New password"), validators=[
        InputRequired(_l("Enter a new password")),
        Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
               message=_l("The new password must have %(min)d to %(max)d characters."))])
    repeat = PasswordField(_l("New password again"), validators=[
        InputRequired(_l("Enter the new password again")),
        EqualTo("new", _l("The two new passwords are not the same"))])
