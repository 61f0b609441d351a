"""The toolkit: everything of the platform a module may use, in one import.

    from eservices import toolkit as tk

    module = tk.Module(id="textile_reuse", ...)
    flow = tk.Flow("textile_reuse", [tk.Step("address", AddressPage, "textile_reuse/a.html")])

**Audience.** Authors of modules under ``services/`` and ``prototypes/`` (and of
modules in their own distributions).  A module imports the platform *only*
from here - a test walks every module's imports to keep it so - which keeps
the platform free to reorganise its insides, and lets a module be lifted into
its own package unchanged.  CKAN's ``plugins.toolkit`` is the model.

**Promise.** Every name in ``__all__`` keeps working within a major version.
A name that is to go is first kept as an alias that warns with a
``DeprecationWarning`` for at least one minor version, with the replacement
named in the warning and in ``docs/toolkit.md``.  Anything not in ``__all__``
(including every ``eservices.*`` submodule) may change without notice.

Tests of a module may also use ``eservices.testing`` (fixtures and helpers).
"""

from __future__ import annotations

import warnings
from typing import Any

from flask import g, has_request_context, session

from notifications import InvalidRecipient, MessageTooLong, SendRefused, optout
from notifications.api import (
    Sms,
    SmsPreview,
    estimated_cost,
    preview_sms,
    send_email,
    send_sms,
    send_sms_many,
)
from notifications.segments import measure as measure_sms

from . import clock, limits, register, tokens
from .clock import STOCKHOLM
from .db import UTCDateTime, db, upsert_insert, utcnow
from .designer.charts import Chart, bar_chart
from .designer.lifecycle import stage_moved
from .forms import (
    DateInputField,
    EmailAddress,
    InvalidValue,
    Journey,
    MultiCheckboxField,
    PersonalIdentityNumber,
    PostalCode,
    QuestionForm,
    SummaryRow,
    SwedishMobileNumber,
    display_mobile,
    display_postal_code,
    display_value,
    new_reference,
    normalise_email,
    normalise_mobile,
    normalise_personal_identity_number,
    normalise_postal_code,
)
from .forms.base import validation_failed
from .forms.fields import EARLIEST_YEAR, LATEST_YEAR, within_years
from .forms.flow import Answers, Flow, Step, SubmitForm
from .forms.validators import PersonName
from .guards import DeprecatedLimiter, guard
from .i18n import current_language, format_sek, in_language, site_languages
from .inputs import BIGINT_MAX, BIGINT_MIN, INTEGER_MAX, json_problems
from .languages.current import writing_in
from .limits import Budget, LimitReached, Verdict
from .links import public_url
from .modules import (
    ACCESSIBILITY,
    ASSURANCE_LEVELS,
    CONTACT,
    ENVIRONMENT,
    OTHER,
    WASTE,
    Category,
    DataItem,
    DataSection,
    DataSubject,
    ErasureOutcome,
    KeptData,
    Module,
    ModuleSetting,
    PeriodicJob,
    PersonalData,
    ResidentData,
    Retention,
    StaffPage,
    module_setting,
    whole_number_setting,
)
from .open311.services import (
    Open311Attribute,
    Open311Error,
    Open311NewRequest,
    Open311Query,
    Open311Request,
    Open311Service,
)
from .privacy import mask_email, mask_phone, mask_recipient
from .process_cache import ProcessCache
from .register import RegisterError, WasteRegister, waste_register
from .residents.api import (
    SignedInResident,
    assurance_at_least,
    prove_resident_contact,
    require_resident,
    resident_sign_in_url,
    signed_in_resident,
)
from .staff import audit
from .staff import sessions as _staff_sessions
from .staff.cases import QueuePage, StatusConflict, status_counts, status_queue, transition
from .staff.export import ExportRangeError, csv_cell, excel_csv, export_form_class, utc_bounds
from .staff.export import file_response as export_file
from .staff.export import form_with_error as export_form_with_error
from .staff.export import parse_range as parse_export_range
from .staff.export import safe_cell as csv_safe_cell
from .tokens import InvalidToken
from .views.errors import problem


def record_submission(**case: Any) -> Any:
    """Store a submitted journey as a case (``eservices.journeys.submissions``).

    Imported when called: importing the toolkit must not load the journey
    builder's packages (its editor and pages need the whole app).
    """
    from .journeys.submissions import record_submission as record

    return record(**case)


def signed_in_staff() -> Any:
    """The staff member signed in on this browser, on any page (resident pages too), or None.

    The guard sets ``g.staff_user`` on /staff pages only; a resident page that
    lets a signed-in member of staff act as themself (support an idea, say)
    asks here, which reads the same server-side session the guard does.
    """
    if not has_request_context():
        return None
    if g.get("staff_user") is not None:
        return g.staff_user
    return _staff_sessions.lookup(session.get(_staff_sessions.COOKIE_KEY)).user


def start_built_journey(*, name: str | dict[str, str], slug_hint: str, by: str) -> str:
    """Create an empty draft journey in the journey builder; its module id.

    Named ``name`` in every site language (or per language from a dict), under
    a free address made from ``slug_hint``, in the caller's transaction.
    Imported when called, as ``record_submission``.
    """
    from .journeys.drafts import start_built_journey as start

    return start(name=name, slug_hint=slug_hint, by=by)


def built_journey(module_id: str) -> Any:
    """A built journey's name, stage, editor and resident links (a
    ``BuiltJourneySummary``), or None when ``module_id`` is none."""
    from .journeys.drafts import built_journey as summary

    return summary(module_id)


def module_stage(module_id: str) -> str:
    """A module's lifecycle stage now (idea, prototype, pilot, live, retired)."""
    from .journeys.drafts import module_stage as stage

    return stage(module_id)


def test_rounds_of(module_id: str) -> list[Any]:
    """The module's sprint test rounds, newest first (``TestRoundSummary``: name,
    created_at, version_number, participants)."""
    from .journeys.drafts import test_rounds_of as rounds

    return rounds(module_id)


def staff_members(roles: Any) -> list[Any]:
    """Active staff with any of ``roles`` (``StaffMember``: username, display_name, roles)."""
    from .staff.directory import staff_members as members

    return members(roles)


def current_module() -> Module:
    """The module whose page is being served (instead of writing its id as a literal)."""
    module = g.get("module") if has_request_context() else None
    if module is None:
        raise RuntimeError("current_module() is only known while serving a module's page")
    return module


__all__ = [  # noqa: RUF022  (grouped by concept, as docs/toolkit.md lists them)
    # manifest
    "ACCESSIBILITY", "CONTACT", "ENVIRONMENT", "OTHER", "WASTE", "Category", "Module",
    "ModuleSetting", "PeriodicJob", "StaffPage", "current_module", "module_setting",
    "whole_number_setting", "signed_in_staff",
    # personal data: Mina sidor, data rights, retention, e-ID levels
    "ASSURANCE_LEVELS", "DataItem", "DataSection", "DataSubject", "ErasureOutcome", "KeptData",
    "PersonalData", "ResidentData", "Retention",
    # residents signed in with e-ID
    "SignedInResident", "assurance_at_least", "prove_resident_contact", "require_resident",
    "resident_sign_in_url", "signed_in_resident",
    # database
    "ProcessCache", "UTCDateTime", "db", "upsert_insert", "utcnow",
    # time
    "STOCKHOLM", "clock",
    # forms and journeys
    "EARLIEST_YEAR", "LATEST_YEAR", "Answers", "DateInputField", "EmailAddress", "Flow",
    "InvalidValue", "Journey", "MultiCheckboxField", "PersonName", "PersonalIdentityNumber",
    "PostalCode", "QuestionForm", "Step", "SubmitForm", "SummaryRow", "SwedishMobileNumber",
    "display_mobile", "display_postal_code", "display_value", "new_reference", "normalise_email",
    "normalise_mobile",
    "normalise_personal_identity_number", "normalise_postal_code", "validation_failed",
    "within_years",
    # languages
    "current_language", "format_sek", "in_language", "site_languages", "writing_in",
    # links, limits, tokens
    "Budget", "InvalidToken", "LimitReached", "Verdict", "guard", "limits", "public_url",
    "tokens",
    # audit, privacy, problem details, bad input
    "BIGINT_MAX", "BIGINT_MIN", "INTEGER_MAX", "audit", "json_problems", "mask_email",
    "mask_phone", "mask_recipient", "problem",
    # back office: cases and their queue
    "QueuePage", "StatusConflict", "record_submission", "status_counts", "status_queue",
    "transition",
    # back office: staff and built journeys
    "built_journey", "module_stage", "staff_members", "stage_moved", "start_built_journey",
    "test_rounds_of",
    # back office: exports
    "ExportRangeError", "csv_cell", "csv_safe_cell", "excel_csv", "export_file",
    "export_form_class", "export_form_with_error", "parse_export_range", "utc_bounds",
    # back office: charts
    "Chart", "bar_chart",
    # notifications
    "InvalidRecipient", "MessageTooLong", "SendRefused", "Sms", "SmsPreview",
    "estimated_cost", "measure_sms", "optout", "preview_sms", "send_email", "send_sms",
    "send_sms_many",
    # Open311 GeoReport v2 services a module offers (Module.open311)
    "Open311Attribute", "Open311Error", "Open311NewRequest", "Open311Query", "Open311Request",
    "Open311Service",
    # the waste register (customers, properties, containers, routes, holiday shifts)
    "RegisterError", "WasteRegister", "register", "waste_register",
]


def __getattr__(name: str) -> Any:
    """Names that are going: they still work, and warn (the promise above)."""
    if name == "limiter":
        warnings.warn("tk.limiter is deprecated: use tk.guard(limit, window_seconds, "
                      "methods=..., key=...), counted in the database for every process",
                      DeprecationWarning, stacklevel=2)
        return DeprecatedLimiter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

