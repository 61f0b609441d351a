"""Report an accessibility problem (Rapportera brister i tillgänglighet).

Swedish law (DOS-lagen) requires every digital public service to offer a way to
report accessibility problems.  This module is that way, and the platform's
reference module: a short question journey, a case table, a staff queue.
"""

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .blueprint import bp, staff_bp
from .personal_data import PERSONAL_DATA

module = tk.Module(
    id="accessibility_report",
    name=_l("Report an accessibility problem"),
    summary=_l("Tell us about anything on our websites or e-services you cannot use, so that we "
               "can fix it."),
    stage="live",
    owner="Digitaliseringsenheten <digitalisering@exempelkommun.se>",
    package=__name__,
    category=tk.ACCESSIBILITY,
    blueprint=bp,
    start_endpoint="accessibility_report.start",
    staff_blueprint=staff_bp,
    staff_pages=(tk.StaffPage("queue", _l("Accessibility reports"),
                              roles=("handlaggare",), covers=("detail",)),),
    models=f"{__name__}.models",
    personal_data=PERSONAL_DATA,
)
