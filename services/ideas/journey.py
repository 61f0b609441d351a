"""The question pages of submitting an idea, as one journey (``FLOW``).

Who you are comes first, because it decides how you are reached at the end: an
employee proves a work e-mail address (``verification.py``), a resident may
leave contact details or none.  Similar ideas are shown as soon as the idea is
described - before who would benefit, the department, files and contact - so
someone whose idea already exists can support that one without typing the
rest.  The page that asks for a challenge is on the path only when a
challenge takes ideas and the journey was not started from one.

**Not built here (issue #16):** signing in with the organisation's OpenID
Connect directory (employees) or with e-ID (residents).  Until then employees
prove a work address by a link, and residents submit without signing in.
"""

from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from eservices import toolkit as tk

from . import challenge_choice
from .journey_forms import (
    EMPLOYEE,
    NO_CHALLENGE,
    RESIDENT,
    BeneficiariesForm,
    ChallengeForm,
    ContinueForm,
    DepartmentForm,
    ProblemForm,
    ProposalForm,
    ResidentContactForm,
    TakePartForm,
    TitleForm,
    WhoForm,
    WorkEmailForm,
)
from .meta import MODULE_ID

QUESTION = "ideas/submit/question.html"


def _asks_challenge(answers: tk.Answers) -> bool:
    if challenge_choice.preset_slug(answers.journey):
        return False
    return bool(challenge_choice.open_challenges())


FLOW = tk.Flow(MODULE_ID, [
    tk.Step("who", WhoForm, QUESTION),
    tk.Step("title", TitleForm, QUESTION),
    tk.Step("problem", ProblemForm, QUESTION),
    tk.Step("proposal", ProposalForm, QUESTION),
    tk.Step("similar", ContinueForm, "ideas/submit/similar.html", endpoint=".similar",
            on_summary=False),
    tk.Step("beneficiaries", BeneficiariesForm, QUESTION),
    tk.Step("department", DepartmentForm, QUESTION),
    tk.Step("challenge", ChallengeForm, QUESTION, condition=_asks_challenge),
    tk.Step("attachments", ContinueForm, "ideas/submit/attachments.html",
            endpoint=".attachments", on_summary=False),
    tk.Step("take_part", TakePartForm, QUESTION),
    tk.Step("work_email", WorkEmailForm, "ideas/submit/work_email.html",
            condition=lambda a: a.value("who") == EMPLOYEE),
    tk.Step("contact", ResidentContactForm, "ideas/submit/contact.html",
            condition=lambda a: a.value("who") == RESIDENT),
])


def not_yet(journey: tk.Journey, name: str) -> Response | None:
    """A redirect to the first unanswered page before ``name``, or None if it may be shown.

    For the handlers that are not ``FLOW.page`` (uploading, removing a file).
    """
    answers = FLOW.answers(journey)
    path = FLOW.path(journey, answers)
    step = FLOW.step(name)
    earlier = path[:path.index(step)] if step in path else path
    missing = next((s for s in earlier if answers.form(s.name) is None), None)
    return redirect(FLOW.url(missing)) if missing is not None else None


def closed_challenge(journey: tk.Journey, answers: tk.Answers) -> Response | str:
    """Where to go when the idea's challenge stopped taking ideas; "" when it did not.

    A challenge given by the link is forgotten (the idea would go on its own); the
    resident is then asked to choose again if another challenge is open, or told
    on check answers.  A challenge chosen on the page no longer validates, so the
    engine would ask again anyway: the page says why.
    """
    preset = challenge_choice.preset_slug(journey)
    if preset:
        challenge = challenge_choice.by_slug(preset)
        if challenge is not None and challenge_choice.takes_ideas(challenge):
            return ""
        challenge_choice.set_preset(journey, "")
        tk.db.session.commit()
        if FLOW.first_unanswered(journey) == FLOW.step("challenge"):
            return redirect(url_for(".question", step="challenge", closed=1))
        return _("The challenge you started from no longer takes new ideas. Your idea will "
                 "be sent on its own.")
    chosen = (journey.state.answers.get("challenge") or {}).get("challenge") or [""]
    if chosen[0] in ("", NO_CHALLENGE):
        return ""
    if FLOW.step("challenge") not in FLOW.path(journey, answers):
        # No challenge takes ideas any more, so the page is not asked: say so, once.
        journey.forget("challenge")
        tk.db.session.commit()
        return _("The challenge you chose no longer takes new ideas. Your idea will be sent "
                 "on its own.")
    if answers.form("challenge") is None:
        return redirect(url_for(".question", step="challenge", closed=1))
    return ""
