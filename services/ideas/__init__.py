"""The idea lock (idéslussen): ideas from staff and residents, answered and coached.

Piteå's and Skellefteå's idésluss is "not an idea box": every idea gets an
answer and a coach, and good ones pass through service design into services.
Employees and residents submit ideas (on their own or into an idea challenge),
see similar ideas first, follow theirs at a private link and are told when its
status changes; coaches screen, answer and coach them, and start a prototype
in the journey builder with one click; the innovation office sees the numbers.
"""

from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .blueprint import bp, staff_bp
from .meta import MODULE_ID
from .personal_data import PERSONAL_DATA

module = tk.Module(
    id=MODULE_ID,
    name=_l("The idea lock"),
    summary=_l("Do you have an idea that could make the municipality better? Submit it here and "
               "get an answer and help to develop it."),
    stage="live",
    owner="Innovationskontoret, Exempelkommun <innovation@exempelkommun.se>",
    package=__name__,
    category=tk.CONTACT,
    blueprint=bp,
    start_endpoint=f"{MODULE_ID}.start",
    staff_blueprint=staff_bp,
    staff_pages=(
        # -- staff pages: coaching (helper C) --------------------------------------
        tk.StaffPage("queue", _l("Ideas"),
                     roles=("idecoach", "handlaggare", "tjanstedesigner"),
                     covers=("idea", "attachment", "change_status", "assign_coach",
                             "add_note", "start_prototype", "edit_showcase")),
        # -- staff pages: challenges and moderation (helper B) ---------------------
        tk.StaffPage("challenges", _l("Idea challenges"),
                     roles=("idecoach", "administrator"),
                     covers=("challenge_new", "challenge_edit", "challenge_phase")),
        tk.StaffPage("moderation", _l("Idea moderation"),
                     roles=("idecoach", "administrator"), covers=("moderation_decide",)),
        # -- staff pages: statistics (helper D) ------------------------------------
        tk.StaffPage("statistics", _l("Idea statistics"),
                     roles=("idecoach", "administrator"), covers=("statistics_csv",)),
    ),
    settings=(
        tk.ModuleSetting("DEPARTMENTS", "",
                         "The departments an idea can concern, as key=Name pairs separated "
                         "by commas; empty means the demo municipality's."),
        tk.ModuleSetting("STATUSES", "",
                         "The idea statuses in use, in order, from inkommen, bedoms, coachas, "
                         "testas, genomford, avslutad, vilande; empty means all of them."),
        # -- settings: submitting (helper A) ---------------------------------------
        tk.ModuleSetting("EMPLOYEE_EMAIL_DOMAINS", "exempelkommun.se",
                         "The e-mail domains of the municipality's employees, separated by "
                         "commas: an employee proves a work address by a link sent to it."),
        tk.ModuleSetting("ATTACHMENT_MAX_MB", "10",
                         "The largest attachment (an image or a PDF) an idea may have, in MB."),
        tk.ModuleSetting("ATTACHMENT_DIR", "",
                         "Where attachments are stored, outside the web root; empty means "
                         "<instance folder>/ideas-attachments."),
        # -- settings: challenges, supports, moderation (helper B) -----------------
        tk.ModuleSetting("REPORTS_TO_HIDE", "3",
                         "Reports from different people after which an idea or a comment "
                         "is hidden pending review."),
        tk.ModuleSetting("CODES_PER_NUMBER", "3",
                         "One-time codes (to support or comment) one mobile number may be "
                         "sent per hour."),
        tk.ModuleSetting("CODES_PER_CLIENT", "5",
                         "One-time codes one client may ask for per hour."),
        tk.ModuleSetting("COMMENTS_PER_HOUR", "10",
                         "Comments one verified person may write per hour."),
        # -- settings: coaching and statuses (helper C) ----------------------------
        # -- settings: statistics (helper D) ---------------------------------------
        tk.ModuleSetting("ANSWER_WITHIN_DAYS", "14",
                         "The days within which every idea should get its first answer; "
                         "the statistics count the ideas answered in time."),
    ),
    # Files uploaded in journeys that were never sent (submitting, helper A).
    periodic=(tk.PeriodicJob("ideas.purge_unfiled_attachments",
                             f"{__name__}.attachments:purge_unfiled", 6 * 3600),),
    models=f"{__name__}.models",
    demo_data=f"{__name__}.demo:load_demo",
    personal_data=PERSONAL_DATA,
)
