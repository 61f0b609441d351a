"""Textile pick-up for reuse (prototype).

Piteå's idea from a reuse market: more sorting and reuse of textiles, while
creating jobs for people who need adapted work - the pick-ups are made by the
reuse market's own staff.  A resident books a pick-up (address, what, a time
slot, a mobile number for the SMS confirmation) or finds the nearest drop-off
point.  Made with ``flask eservices new-prototype textile_reuse``.
"""

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .blueprint import bp
from .personal_data import PERSONAL_DATA

module = tk.Module(
    id="textile_reuse",
    name=_l("Textile pick-up for reuse"),
    summary=_l("Book a pick-up of clothes and textiles for reuse, or find the nearest drop-off "
               "point."),
    stage="prototype",
    owner="Återbruket, Exempelkommun <aterbruk@exempelkommun.se>",
    package=__name__,
    category=tk.ENVIRONMENT,
    blueprint=bp,
    start_endpoint="textile_reuse.start",
    models=f"{__name__}.models",
    personal_data=PERSONAL_DATA,
)
