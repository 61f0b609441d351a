"""Missed-collection reports, extra emptyings and bulky-waste pick-ups (issue #17).

A resident reports a bin that was not emptied ("Anmäl utebliven tömning") under
FixMyStreet WasteWorks' rules - up to two working days after the collection,
not before the truck has been, once per bin and collection - and is told the
crew's reason instead when the crew skipped the bin; or books a pick-up on a
day with room, at the tariff's price.  Everything about addresses, bins,
collections and crews' outcomes comes from the waste register
(``tk.waste_register()``).  The same services are offered to apps and back
offices as Open311 GeoReport v2 (``open311.py``).
"""

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .blueprint import bp, staff_bp
from .personal_data import PERSONAL_DATA
from .settings import MODULE_ID, SETTINGS

module = tk.Module(
    id=MODULE_ID,
    name=_l("Report a missed collection and book a pick-up"),
    summary=_l("Report that your bin was not emptied, or book an extra emptying or a bulky-waste "
               "pick-up."),
    stage="live",
    owner="Avfall och återvinning, Exempelkommun <avfall@exempelkommun.se>",
    package=__name__,
    category=tk.WASTE,
    blueprint=bp,
    start_endpoint=f"{MODULE_ID}.start",
    staff_blueprint=staff_bp,
    staff_pages=(
        tk.StaffPage("queue", _l("Waste collection: missed collections"),
                     roles=("handlaggare",), covers=("detail", "decide")),
        tk.StaffPage("bookings", _l("Waste collection: booked pick-ups"),
                     roles=("handlaggare",)),
    ),
    settings=SETTINGS,
    models=f"{__name__}.models",
    open311=f"{__name__}.open311:services",
    personal_data=PERSONAL_DATA,
)
