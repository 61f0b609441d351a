"""The waste register port: shared values, the protocol adapters implement, the accessor.

Modules use it through the toolkit (``tk.waste_register()``, ``tk.WasteRegister`` ...);
``docs/waste-register.md`` describes it for adapter authors.
"""

from .access import RegisterUnavailable, load_adapter, waste_register
from .holiday_shifts import proposed_shifts
from .protocol import RegisterError, WasteRegister
from .schedule import (
    MAX_SHIFT,
    collections_of,
    container_collections,
    in_season,
    interval_weeks,
    is_planned,
)
from .types import (
    FREQUENCY_WEEKS,
    OUTCOMES,
    SKIP_REASONS,
    Collection,
    CollectionDay,
    CollectionOutcome,
    Compartment,
    Container,
    ContainerChange,
    ContainerSpec,
    Customer,
    HolidayShift,
    PickUpItem,
    PickUpPrices,
    Property,
    ScheduledChange,
    Subscription,
    SubscriptionChange,
)

__all__ = [
    "FREQUENCY_WEEKS", "MAX_SHIFT", "OUTCOMES", "SKIP_REASONS", "Collection", "CollectionDay",
    "CollectionOutcome", "Compartment", "Container", "ContainerChange", "ContainerSpec",
    "Customer", "HolidayShift", "PickUpItem", "PickUpPrices", "Property", "RegisterError",
    "RegisterUnavailable",
    "ScheduledChange", "Subscription", "SubscriptionChange", "WasteRegister",
    "collections_of", "container_collections", "in_season", "interval_weeks", "is_planned",
    "load_adapter",
    "proposed_shifts", "waste_register",
]
