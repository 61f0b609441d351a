"""Back office: route days as the trucks drive them, messages to their subscribers, API keys.

A handläggare follows the day's routes (progress, estimates, alerts sent) and can
tell every subscriber of a route day about a delay or a cancellation: written,
previewed exactly as the SMS goes out, then confirmed once.  Administrators manage
the keys the route-management system reports with.

This module holds the route-day pages; what a route day looks like is read in
``route_day_view``, the API-key pages live in ``staff_keys`` and the URLs of
both in ``blueprint.py``, to keep each file one concept.

Who may open which page is declared in the manifest alone (``StaffPage.covers``):
the platform's guard keeps handläggare off the API-key pages, no second guard here.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from eservices.toolkit import (
    audit,
    clock,
    current_language,
    db,
    estimated_cost,
    upsert_insert,
    within_years,
)

from . import alerts, schedule
from .models import Disruption, Route, RouteDay, RouteStop
from .route_day_view import (
    RouteDayView,
    latest_alerts,
    recipients_by_language,
    refused_kinds,
    route_day_view,
)
from .staff_forms import (
    KIND_LABELS,
    ConfirmForm,
    DayForm,
    DisruptionForm,
    Draft,
    T,
)

DRAFT_KEY = "collection_alerts_draft"
MODULE_ID, LANGUAGES = alerts.MODULE_ID, alerts.LANGUAGES  # the notice's languages
KIND_NAMES = {"reminder": _l("Evening-before reminders"),
              "approaching": _l("Truck-is-coming alerts"),
              "notice": _l("Disruption messages")}
STATUS_LABELS = {"planned": _l("Planned"), "started": _l("Under way"),
                 "finished": _l("Finished"), "cancelled": _l("Cancelled")}
LANGUAGE_NAMES = {"sv": _l("Swedish"), "en": _l("English")}


def labels() -> dict:
    return {"kind_names": KIND_NAMES, "kind_labels": KIND_LABELS,
            "status_labels": STATUS_LABELS, "language_names": LANGUAGE_NAMES}


def lock_route_day(route_id: int, day: date) -> RouteDay:
    """The route day's row, created if missing (race-safe), locked until commit.

    INSERT … ON CONFLICT DO NOTHING creates the row however many requests race; the
    no-op UPDATE then holds the row (PostgreSQL) or the database (SQLite) until the
    transaction ends, so concurrent sends run one after another.
    """
    db.session.execute(upsert_insert(RouteDay).values(
        route_id=route_id, service_date=day, status="planned", delay_minutes=0,
        alerted_through={}).on_conflict_do_nothing(index_elements=["route_id",
                                                                   "service_date"]))
    where = (RouteDay.route_id == route_id, RouteDay.service_date == day)
    db.session.execute(update(RouteDay).where(*where).values(
        delay_minutes=RouteDay.delay_minutes).execution_options(synchronize_session=False))
    return db.session.scalars(select(RouteDay).where(*where).execution_options(
        populate_existing=True)).one()


# -- route days ----------------------------------------------------------------------------

def route_days():
    form, day, status = DayForm(request.args), clock.today(), 200
    if any(key.startswith("day-") for key in request.args):
        if form.validate():
            day = form.day.data
        else:
            status = 400
    elif request.args.get("date"):
        day = _parse_day(request.args["date"])
    if status == 200:
        form = DayForm(formdata=None, day=day)
    routes = {route.id: route for route in schedule.route_days_on(day)}
    for row in db.session.scalars(select(RouteDay).where(RouteDay.service_date == day)):
        routes.setdefault(row.route_id, row.route)  # driven although not planned
    views = [route_day_view(route, day) for route in sorted(routes.values(),
                                                            key=lambda r: r.code)]
    return render_template(T + "route_days.html", form=form if status != 200 else None,
                           day_form=form, day=day, views=views, today=clock.today(),
                           one_day=timedelta(days=1)), status


def _parse_day(text: str) -> date:
    """A day named in the URL; 404 unless it is a real date in the years pages accept."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        abort(404)
    if not within_years(day):  # the pages link to the day before and after
        abort(404)
    return day


def _route_day(day: str, code: str) -> tuple[Route, date]:
    """The route and date of a route day that exists or is planned; 404 otherwise."""
    service_date = _parse_day(day)
    route = db.session.scalar(select(Route).where(Route.code == code))
    if route is None:
        abort(404)
    planned = any(r.id == route.id for r in schedule.route_days_on(service_date))
    if not planned and db.session.scalar(select(RouteDay.id).where(
            RouteDay.route_id == route.id, RouteDay.service_date == service_date)) is None:
        abort(404)
    return route, service_date


def route_day(day: str, code: str):
    route, service_date = _route_day(day, code)
    view = route_day_view(route, service_date)
    stops = db.session.scalars(select(RouteStop).where(RouteStop.route_id == route.id)
                               .options(selectinload(RouteStop.address))
                               .order_by(RouteStop.position)).all()
    notices = [] if view.row is None else db.session.scalars(
        select(Disruption).where(Disruption.route_day_id == view.row.id)
        .order_by(Disruption.created_at.desc(), Disruption.id.desc())).all()
    return render_template(T + "route_day.html", view=view, stops=stops,
                           alerts=latest_alerts(view), disruptions=notices,
                           fractions=schedule.fractions_label, language=current_language(),
                           can_message=service_date >= clock.today())


# -- a message to every subscriber of a route day ------------------------------------------

def _disruption_form(view: RouteDayView, *args, **kwargs) -> DisruptionForm:
    row = view.row or view.transient()

    def segments_for(text: str, kind: str) -> int:
        return max(alerts.preview_notice(row, text, language, kind).segments
                   for language in LANGUAGES)

    return DisruptionForm(*args, segments_for=segments_for,
                          max_segments=current_app.config["SMS_MAX_SEGMENTS"],
                          refused_kinds=refused_kinds(view.status), **kwargs)


def _too_late(route: Route, service_date: date):
    if service_date < clock.today():
        flash(_("The collection day has passed: its subscribers can no longer be sent a "
                "message."), "warning")
        return redirect(url_for(".route_day", day=service_date.isoformat(), code=route.code),
                        303)
    return None


def message(day: str, code: str):
    route, service_date = _route_day(day, code)
    if (refused := _too_late(route, service_date)) is not None:
        return refused
    view = route_day_view(route, service_date)
    if request.method == "POST":
        form = _disruption_form(view)
        if form.validate_on_submit():
            draft = Draft.new(route.id, service_date, form.kind.data, form.message.data,
                              form.delay_minutes)
            session[DRAFT_KEY] = draft.sign()
            return redirect(url_for(".preview", day=day, code=code), 303)
    else:  # "Change the message" from the preview: the draft again, to edit
        draft = Draft.read(session.get(DRAFT_KEY), route.id, service_date)
        form = _disruption_form(view, formdata=None, **({
            "kind": draft.kind, "message": draft.message,
            "minutes": str(draft.minutes or "")} if draft else {}))
    return render_template(T + "message.html", view=view, form=form if form.errors else None,
                           message_form=form)


def preview(day: str, code: str):
    route, service_date = _route_day(day, code)
    draft = Draft.read(session.get(DRAFT_KEY), route.id, service_date)
    if draft is None:
        return redirect(url_for(".message", day=day, code=code), 303)
    view = route_day_view(route, service_date)
    counts = recipients_by_language(route.id)
    previews = []
    for language in sorted(set(counts) | {"sv"}, key=lambda lang: (lang != "sv", lang)):
        text, segments = alerts.preview_notice(view.row or view.transient(), draft.message,
                                               language, draft.kind)
        previews.append({"language": language, "text": text, "segments": segments,
                         "recipients": counts.get(language, 0),
                         "cost": estimated_cost(segments) * counts.get(language, 0)})
    return render_template(T + "preview.html", view=view, draft=draft, previews=previews,
                           recipients=sum(counts.values()),
                           cost=sum((p["cost"] for p in previews), estimated_cost(0)),
                           confirm_form=ConfirmForm(draft=draft.sign()))


def send_message(day: str, code: str):
    route, service_date = _route_day(day, code)
    back = redirect(url_for(".route_day", day=day, code=code), 303)
    form = ConfirmForm()
    draft = Draft.read(form.draft.data, route.id, service_date) if form.validate_on_submit() \
        else None
    if draft is None:
        flash(_("The preview was too old or not valid. Write the message again."), "warning")
        return redirect(url_for(".message", day=day, code=code), 303)
    if (refused := _too_late(route, service_date)) is not None:
        return refused
    row = lock_route_day(route.id, service_date)  # held until commit: one send at a time
    subject = f"{route.code} {service_date.isoformat()} #{draft.id}"
    if audit.recorded("disruption_sent", subject, MODULE_ID):
        db.session.rollback()
        session.pop(DRAFT_KEY, None)
        flash(_("This message has already been sent."), "warning")
        return back
    if (reason := refused_kinds(row.status).get(draft.kind)) is not None:
        db.session.rollback()
        flash(reason, "warning")
        return back
    if draft.kind == "delay":
        row.delay_minutes = draft.minutes or 0
    elif draft.kind == "cancel":
        row.status = "cancelled"
    sent = alerts.notify_route_day(row, draft.kind, draft.message, g.staff_user.username)
    audit.record("disruption_sent", subject=subject, module_id=MODULE_ID, kind=draft.kind,
                 delay_minutes=draft.minutes, recipients=sent)
    db.session.commit()
    session.pop(DRAFT_KEY, None)
    if sent:
        flash(ngettext("The message is sent to %(num)d subscriber.",
                       "The message is sent to %(num)d subscribers.", sent))
    else:  # notify_route_day found the same notice already sent to everybody
        flash(_("No SMS was sent: every subscriber of the route day already has this "
                "message."), "warning")
    return back
