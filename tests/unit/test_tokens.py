"""Secret and signed tokens: one scheme each, purpose-bound, optionally expiring."""

import time

import pytest
from flask import Flask

from eservices import tokens


@pytest.fixture
def app_context():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "k" * 32
    with app.app_context():
        yield


def test_a_secret_token_is_stored_only_as_its_hash(app_context):
    token, stored = tokens.new_secret()
    assert len(token) >= 43 and token not in stored
    assert tokens.secret_hash(token) == stored
    assert tokens.new_secret()[0] != token


def test_a_signed_token_opens_only_its_own_purpose(app_context):
    token = tokens.sign("unsubscribe", 42)
    assert tokens.unsign("unsubscribe", token) == 42
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign("share", token)
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign("unsubscribe", token[:-2] + "xx")
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign("unsubscribe", "\x00\ud800")


def test_an_expiring_token_dies_of_age(app_context):
    token = tokens.sign("draft", {"id": 7}, expires=True)
    assert tokens.unsign("draft", token, max_age=60) == {"id": 7}
    time.sleep(1.1)
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign("draft", token, max_age=0.5)


def test_a_former_salt_still_opens_tokens_already_handed_out(app_context):
    from flask import current_app
    from itsdangerous import URLSafeSerializer

    old = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="old-salt").dumps(5)
    assert tokens.unsign("unsubscribe", old, former_salts=("old-salt",)) == 5
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign("unsubscribe", old)  # only when the module names the old salt
    with pytest.raises(tokens.InvalidToken):
        tokens.unsign("unsubscribe", old, former_salts=("another",))
