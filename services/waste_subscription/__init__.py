"""Change your waste-collection subscription yourself (Avfallsaffären).

Skellefteå's idea from its idésluss: residents change their bin subscription
online instead of calling.  The resident identifies the subscription, sees it,
chooses changes that the municipality's tariff allows, sees the new price and
gets a receipt; a neighbour confirms a shared bin by a link; staff decide and
export approved changes to the waste-management system.  This is the model
module later services are copied from.
"""

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .blueprint import bp, staff_bp
from .meta import MODULE_ID
from .personal_data import PERSONAL_DATA

module = tk.Module(
    id=MODULE_ID,
    name=_l("Change your waste collection subscription"),
    summary=_l("Change bin size or collection frequency, register home composting, share a bin "
               "with a neighbour or pause collection at a holiday home."),
    stage="live",
    owner="Avfall och återvinning, Exempelkommun <avfall@exempelkommun.se>",
    package=__name__,
    category=tk.WASTE,
    blueprint=bp,
    start_endpoint=f"{MODULE_ID}.start",
    staff_blueprint=staff_bp,
    staff_pages=(tk.StaffPage("queue", _l("Waste subscription changes"),
                           roles=("handlaggare",),
                           covers=("detail", "decide", "export_form", "export_csv",
                                   "export_json")),),
    settings=(
        tk.ModuleSetting("TARIFF_FILE", "",
                      "The municipality's waste tariff (YAML); empty means the demo tariff "
                      "shipped with the module."),
        tk.ModuleSetting("ENVIRONMENT_OFFICE_EMAIL", "miljo@exempelkommun.se",
                      "Where home-composting notifications to the environment office go."),
        tk.ModuleSetting("SHARE_LINK_DAYS", "14",
                      "How many days a neighbour has to confirm a shared bin."),
    ),
    models=f"{__name__}.models",
    # Its demo households are the waste register's (module waste_register).
    personal_data=PERSONAL_DATA,
    minimum_assurance="loa3",  # e-ID identification: BankID or Freja eID+
)
