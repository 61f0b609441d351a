"""After a built journey is submitted: its receipts, and the optional e-mail to the team.

Every message goes through ``notifications.api`` in the same transaction as
the case (sent only after the commit), in the resident's language, keyed by
reference and receipt so a retried submit never sends twice.  Placeholders
are filled from the answers as the resident read them on check answers.

A receipt must never cost the resident their case: the number and address
are ones the resident typed (``verified`` left out), so the notification
layer's budgets may refuse the message - it is then stored as refused and
the resident told on the next page, with the case saved all the same
(category ``receipt``).  A message the layer cannot take at all (too long,
no valid recipient) is logged and skipped for the same reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from flask_babel import gettext as _

from notifications import api as notifications

from ..languages.current import writing_in
from .questions import text
from .schema import JourneyDefinition

log = logging.getLogger(__name__)
CATEGORY = "receipt"


def fill(template: str, values: Mapping[str, str]) -> str:
    """``{name}`` placeholders replaced; an unknown one is left as written."""
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match.group(1), match.group(0)),
                  template)


def send(definition: JourneyDefinition, *, reference: str, language: str,
         displayed: Mapping[str, str], raw: Mapping[str, object]) -> None:
    """Queue the receipts and the team's copy for a submitted journey (caller commits).

    ``displayed``: question key -> the answer as shown on check answers;
    ``raw``: question key -> the stored answer (the normalised number or address).
    """
    values = {**displayed, "reference": reference, "service": text(definition.name, language)}
    for number, receipt in enumerate(definition.receipts, start=1):
        to = raw.get(receipt.to)
        if not isinstance(to, str) or not to:
            continue  # an optional contact question left empty: nobody to tell
        body = fill(text(receipt.text, language), values)
        common = {"language": language, "category": CATEGORY, "reference": reference,
                  "idempotency_key": f"{reference}:receipt-{number}",
                  "module_id": definition.module_id}
        try:
            if receipt.channel == "sms":
                notifications.send_sms(to, body=body, **common)
            else:
                subject = fill(text(receipt.subject, language), values) or values["service"]
                notifications.send_email(to, subject=subject, body=body, **common)
        except (notifications.MessageTooLong, notifications.InvalidRecipient) as exc:
            log.warning("receipt %s of %s for %s not sent: %s", number, definition.slug,
                        reference, type(exc).__name__)
    if definition.submissions.team_email:
        _to_team(definition, reference)


def _to_team(definition: JourneyDefinition, reference: str) -> None:
    """A short notice to the owning team, in the site's first language, without answers.

    The answers themselves stay in the back office (personal data does not
    travel by e-mail); the notice names the case so the team can open it.
    """
    language = next(iter(definition.name))
    with writing_in(language):
        subject = _("New case %(reference)s: %(service)s", reference=reference,
                    service=text(definition.name, language))
        body = _("A resident has sent %(service)s. Open the case %(reference)s in the back "
                 "office.", service=text(definition.name, language), reference=reference)
    notifications.send_email(definition.submissions.team_email or "", subject=subject,
                             body=body, language=language, category="case",
                             reference=reference, idempotency_key=f"{reference}:team",
                             module_id=definition.module_id, verified=True)
