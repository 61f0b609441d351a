"""Forms of the back office."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length


class SignInForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        InputRequired(_l("Enter your username")), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Enter your password")), Length(max=200)])
