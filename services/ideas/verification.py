"""An employee proves a work e-mail address by a link before the idea is filed.

**How it works across devices.** "Send" on check answers does not file an
employee's idea: it sends a link to the work address (a signed token of the
journey and the address, valid ``LINK_HOURS``) and shows "check your e-mail".
Nothing typed is lost: the answers stay in the server-side journey.  Opening
the link - in any browser, on any device, the work phone's mail app included
- attaches that journey to the browser and shows one button, "Send my idea";
pressing it files the idea as an employee's with the address marked verified.
The link itself does not file on GET, because mail scanners open links before
people do.  The first browser, reloaded, finds the journey filed and shows the
confirmation - or, if the button was not pressed, the address is proved for the
journey and check answers there sends the idea directly.  If the address was
changed after the link was sent, the old link no longer matches and the page
says so.

Links are rate-limited per address and per client (``tk.limits``), so the
page cannot be used to send mail to someone else's inbox in bulk.
The organisation's own sign-in (OpenID Connect) is left for issue #16.
"""

from __future__ import annotations

import secrets

from flask import current_app, redirect, render_template, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from eservices import toolkit as tk

from . import filing
from .journey import FLOW, closed_challenge
from .meta import MODULE_ID

PURPOSE = "ideas.verify-email"
LINK_HOURS = 24
PER_ADDRESS = tk.Budget("ideas.verify-per-address", 3, 3600)
PER_CLIENT = tk.Budget("ideas.verify-per-client", 10, 3600)


#: The key in the journey's stored answers that holds the address a link has proved.
PROVEN = "proven_email"


def _work_email(answers: tk.Answers) -> str:
    form = answers.form("work_email")
    return form.email.data if form is not None else ""


def proven_email(journey: tk.Journey, answers: tk.Answers) -> str:
    """The work address when a link to it was opened for this journey (and it is still
    the address given), else "": then "Send" files the idea on any of the devices."""
    stored = journey.state.answers.get(PROVEN) or {}
    email = (stored.get("email") or [""])[0]
    return email if email and email == _work_email(answers) else ""


def send_link(journey: tk.Journey, answers: tk.Answers) -> Response | str:
    """Send the link (the check page's POST); a refusal message instead of a redirect."""
    if not tk.SubmitForm().validate_on_submit():
        return _("The form had expired. Send it again.")
    email = _work_email(answers)
    try:
        tk.limits.enforce(PER_ADDRESS, email)
        tk.limits.enforce(PER_CLIENT, tk.limits.client_key())
    except tk.LimitReached as refusal:
        tk.db.session.commit()  # the attempt counts
        return _("We have sent several links already.") + " " + refusal.message
    # The language rides along: the idea and its receipt keep the one it was written in,
    # whatever language the device that opens the link shows.
    token = tk.tokens.sign(PURPOSE, {"journey": journey.state.id, "email": email,
                                     "language": tk.current_language()}, expires=True)
    try:
        tk.send_email(email, template=f"{MODULE_ID}/verify_email", personalisation={
            "verify_url": tk.public_url(f"{MODULE_ID}.verify_email", token=token),
            "hours": LINK_HOURS, "municipality": current_app.config["MUNICIPALITY_NAME"]},
            language=tk.current_language(), category="verification",
            idempotency_key=f"ideas-verify:{journey.state.id}:{secrets.token_hex(8)}",
            module_id=MODULE_ID)
    except tk.SendRefused as refusal:  # the platform's budget for unproven addresses
        tk.db.session.commit()
        return refusal.message
    tk.db.session.commit()
    return redirect(url_for(".verify_sent"), code=303)


def verify_sent():
    """"Check your e-mail": the page the employee waits on; a resend is check answers' POST."""
    journey = FLOW.current()
    answers = FLOW.answers(journey)
    if FLOW.first_unanswered(journey, answers) is not None or not filing.is_employee(answers) \
            or proven_email(journey, answers):
        return redirect(url_for(".check"))
    tk.db.session.commit()
    return render_template("ideas/submit/verify_sent.html", email=_work_email(answers),
                           hours=LINK_HOURS, form=tk.SubmitForm())


def _link_journey(token: str) -> tuple[tk.Journey | None, dict]:
    """The journey a valid link names, attached to this browser, and the link's values."""
    try:
        value = tk.tokens.unsign(PURPOSE, token, max_age=LINK_HOURS * 3600)
    except tk.InvalidToken:
        return None, {}
    if not isinstance(value, dict) or not isinstance(value.get("journey"), str):
        return None, {}
    journeys = dict(session.get("journeys", {}))
    previous = journeys.get(MODULE_ID)
    session["journeys"] = {**journeys, MODULE_ID: value["journey"]}
    journey = tk.Journey.current(MODULE_ID)
    if journey is None or journey.state.id != value["journey"]:
        # The journey is gone (cleaned away): keep this browser's own one.
        tk.db.session.rollback()
        session["journeys"] = {**journeys, **({MODULE_ID: previous} if previous else {})}
        return None, {}
    return journey, value


def verify_email(token: str):
    """The link in the e-mail: GET shows "Send my idea", POST files it."""
    journey, link = _link_journey(token)
    email = str(link.get("email", ""))
    if journey is None:
        return render_template("ideas/submit/verify_failed.html", changed=False), 404
    if journey.submitted:
        return redirect(url_for(".confirmation"))
    answers = FLOW.answers(journey)
    missing = FLOW.first_unanswered(journey, answers)
    if missing is not None or not filing.is_employee(answers):
        return redirect(FLOW.url(missing) if missing else url_for(".check"))
    closed = closed_challenge(journey, answers)
    if isinstance(closed, Response):
        return closed
    if _work_email(answers) != email:
        tk.db.session.commit()
        return render_template("ideas/submit/verify_failed.html", changed=True), 404
    journey.state.answers = {**journey.state.answers, PROVEN: {"email": [email]}}
    form = tk.SubmitForm()
    if form.validate_on_submit() and not closed:  # told of a closed challenge: ask again
        if journey.claim(tk.new_reference(filing.REFERENCE_PREFIX)):
            filing.file_idea(journey, answers, verified_email=email,
                             language=str(link.get("language") or tk.current_language()))
            tk.db.session.commit()
        return redirect(url_for(".confirmation"), code=303)
    tk.db.session.commit()
    return render_template("ideas/submit/verify.html", form=form, email=email,
                           title=answers.value("title"), refused=[closed] if closed else [])
