"""The collection calendar, and an SMS when the garbage truck is coming.

Residents look up their address, see the next collection dates per fraction,
download or subscribe to an .ics calendar, and sign up (with a verified mobile
number) for a reminder the evening before and/or a "the truck is on its way"
alert.  The route-management system reports each route day through a small
JSON API; arrival times are estimated from the day's pace, and every alert is
sent exactly once.  Staff follow route days and message their subscribers.
"""

from flask_babel import lazy_gettext as _l

from eservices.toolkit import WASTE, Module, ModuleSetting, PeriodicJob, StaffPage

from .blueprint import api_bp, bp, staff_bp
from .cli import cli
from .personal_data import PERSONAL_DATA
from .settings import MODULE_ID

module = Module(
    id=MODULE_ID,
    name=_l("Collection calendar and SMS when the garbage truck is coming"),
    summary=_l("See when the waste is collected at your address, add the dates to your calendar "
               "and get an SMS the evening before or when the truck is near."),
    stage="live",
    owner="Avfall och återvinning, Exempelkommun <avfall@exempelkommun.se>",
    package=__name__,
    category=WASTE,
    blueprint=bp,
    start_endpoint="collection_alerts.start",
    staff_blueprint=staff_bp,
    staff_pages=(
        StaffPage("route_days", _l("Waste collection: route days"), roles=("handlaggare",),
                  covers=("route_day", "message", "preview", "send_message")),
        # Administrators only: the keys the route-management system reports with.
        StaffPage("api_keys", _l("Waste collection: API keys"), roles=("administrator",),
                  covers=("api_key_new", "api_key_revoke")),
    ),
    api_blueprint=api_bp,
    settings=(
        ModuleSetting("REMINDER_TIME", "18:00",
                      "When evening-before reminders go out (Swedish time), unless the "
                      "resident chose another time."),
        ModuleSetting("APPROACH_LEAD_MINUTES", "15,30,60",
                      "The lead times a resident can choose for the truck-is-coming alert."),
        ModuleSetting("CODE_MINUTES", "10", "How long a verification code is valid."),
        ModuleSetting("CODE_ATTEMPTS", "5", "Wrong guesses allowed per verification code."),
        ModuleSetting("CODES_PER_NUMBER_PER_HOUR", "3",
                      "Verification codes sent to one number per hour (SMS-pumping guard)."),
        ModuleSetting("CODES_PER_CLIENT_PER_HOUR", "10",
                      "Verification codes one client may request per hour."),
        ModuleSetting("EVENT_MAX_FUTURE_MINUTES", "10",
                      "API events time-stamped further ahead than this are refused."),
    ),
    cli=cli,
    periodic=(PeriodicJob("collection_alerts.reminders",
                          "services.collection_alerts.reminders:send_due_reminders", 60),),
    models=f"{__name__}.models",
    demo_data=f"{__name__}.demo:load_demo",
    personal_data=PERSONAL_DATA,
)
