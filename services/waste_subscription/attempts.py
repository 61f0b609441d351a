"""One failure budget for every page that looks up a customer number.

Identification (step one) and the neighbour on the share page both answer
differently when a (customer number, address) pair exists, so both are
oracles for someone guessing their neighbour's customer number.  They count
their failures against the same two budgets - per client and per customer
number typed, whoever types it - held in the database by ``eservices.limits``
so that they hold across processes.  When a budget is spent the page looks
nothing up and says how long to wait.
"""

from __future__ import annotations

from flask_babel import gettext as _

from eservices import toolkit as tk

from .identify import normalise_customer_number

PER_CLIENT = tk.limits.Budget("waste-subscription-lookups-per-client", 10, 15 * 60)
PER_CUSTOMER = tk.limits.Budget("waste-subscription-lookups-per-customer", 5, 60 * 60)


def _keys(customer_number: str) -> list[tuple[tk.limits.Budget, str]]:
    return [(PER_CLIENT, tk.limits.client_key()),
            (PER_CUSTOMER, normalise_customer_number(customer_number)[:12])]


def refusal(customer_number: str) -> str | None:
    """The translated reason no lookup may be made now, or None if one may."""
    waits = [verdict.retry_after for budget, key in _keys(customer_number)
             if not (verdict := tk.limits.check(budget, key)).allowed]
    if not waits:
        return None
    return _("Too many attempts with customer numbers that do not match. For your "
             "security we have paused the search. %(wait)s",
             wait=tk.limits.retry_text(max(waits)))


def count_failure(customer_number: str) -> None:
    """A lookup that found nothing usable: counts against both budgets (commit it)."""
    for budget, key in _keys(customer_number):
        tk.limits.hit(budget, key)
