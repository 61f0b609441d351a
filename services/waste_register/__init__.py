"""The demo municipality's waste register (the adapter behind ``tk.waste_register()``).

One set of customers, properties, containers, collection days, dated changes, holiday
shifts and crew outcomes that the waste-subscription service, the collection calendar
and the alerts all read, so they cannot disagree. No resident pages; staff confirm or
edit the year's holiday shifts, proposed from the public holidays. A municipality with
its own waste-management system replaces it with an adapter (``WASTE_REGISTER``).
"""

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .blueprint import staff_bp
from .meta import MODULE_ID

module = tk.Module(
    id=MODULE_ID,
    name=_l("The waste register"),
    summary=_l("Customers, properties, bins, collection days and holiday shifts that the waste "
               "services share."),
    stage="live",
    owner="Avfall och återvinning, Exempelkommun <avfall@exempelkommun.se>",
    package=__name__,
    category=tk.WASTE,
    staff_blueprint=staff_bp,
    staff_pages=(tk.StaffPage("holiday_shifts", _l("Waste collection: holiday shifts"),
                              roles=("handlaggare",), covers=("holiday_shift",)),),
    models=f"{__name__}.models",
    demo_data=f"{__name__}.demo:load_demo",
)
