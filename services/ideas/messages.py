"""Messages to the idea giver: where they go, and the private link they carry.

Every message about an idea (the receipt, a status change with its public
answer, an idea hidden after reports) goes to the contact the idea giver left:
e-mail when there is one, else SMS.  The private follow link is a signed token
of the reference, so any later message can carry it again without the module
storing a secret; ``tk.public_url`` builds it from ``PUBLIC_BASE_URL`` only.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from eservices import toolkit as tk

from .meta import MODULE_ID
from .models import Idea

FOLLOW_PURPOSE = "ideas.follow"


def follow_token(idea: Idea) -> str:
    return tk.tokens.sign(FOLLOW_PURPOSE, idea.reference)


def reference_from_follow_token(token: str) -> str | None:
    """The reference a follow link names, or None for a link we did not make."""
    try:
        value = tk.tokens.unsign(FOLLOW_PURPOSE, token)
    except tk.InvalidToken:
        return None
    return value if isinstance(value, str) else None


def follow_url(idea: Idea) -> str:
    return tk.public_url(f"{MODULE_ID}.follow", token=follow_token(idea))


def send_to_idea_giver(idea: Idea, template: str, *, idempotency_key: str, category: str,
                       personalisation: dict[str, Any] | None = None) -> bool:
    """Queue ``ideas/<template>`` to the idea giver; False when they left no contact.

    Written in the caller's transaction, so the message exists exactly when the
    change it reports was committed; the key makes a retried request send once.
    """
    values = {"reference": idea.reference, "title": idea.title,
              "municipality": current_app.config["MUNICIPALITY_NAME"],
              "follow_url": follow_url(idea), **(personalisation or {})}
    common: dict[str, Any] = {
        "template": f"{MODULE_ID}/{template}", "personalisation": values,
        "language": idea.language, "category": category, "reference": idea.reference,
        "idempotency_key": idempotency_key, "module_id": MODULE_ID}
    if idea.email:
        tk.send_email(idea.email, verified=idea.email_verified or None, **common)
        return True
    if idea.phone:
        tk.send_sms(idea.phone, **common)
        return True
    return False
