"""The toolkit's contract is written down: every name a module may use is on
docs/toolkit.md, so a name added to ``__all__`` without a line there fails here."""

import re
from pathlib import Path

from eservices import toolkit as tk

DOCS = Path(__file__).resolve().parents[2] / "docs" / "toolkit.md"


def test_every_name_of_the_toolkit_exists_once():
    assert len(tk.__all__) == len(set(tk.__all__))
    missing = [name for name in tk.__all__ if not hasattr(tk, name)]
    assert not missing


def test_docs_toolkit_describes_every_name():
    text = DOCS.read_text(encoding="utf-8")
    described = set(re.findall(r"`(?:tk\.)?([A-Za-z_][A-Za-z0-9_]*)", text))
    undocumented = sorted(set(tk.__all__) - described)
    assert not undocumented, f"add to docs/toolkit.md: {undocumented}"


def test_a_whole_number_setting_that_is_none_falls_back_to_the_manifest(make_app):
    from eservices import toolkit as tk

    app = make_app(environ={"IDEAS_REPORTS_TO_HIDE": "three", "IDEAS_ANSWER_WITHIN_DAYS": "0",
                            "IDEAS_COMMENTS_PER_HOUR": " 7 "})
    assert tk.whole_number_setting(app, "ideas", "REPORTS_TO_HIDE") == 3  # the manifest's
    assert tk.whole_number_setting(app, "ideas", "ANSWER_WITHIN_DAYS") == 1  # at least 1
    assert tk.whole_number_setting(app, "ideas", "COMMENTS_PER_HOUR") == 7
