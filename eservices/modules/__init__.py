"""The module system: manifests, discovery and registration."""

from .categories import ACCESSIBILITY, CONTACT, ENVIRONMENT, OTHER, WASTE
from .manifest import (
    ROLES,
    SHIPPED_LANGUAGES,
    STAGES,
    Category,
    ManifestError,
    Module,
    ModuleSetting,
    PeriodicJob,
    StaffPage,
)
from .personal_data import (
    ASSURANCE_LEVELS,
    DataItem,
    DataSection,
    DataSubject,
    ErasureOutcome,
    KeptData,
    PersonalData,
    ResidentData,
    Retention,
)
from .registry import ModuleRegistry, module_setting, whole_number_setting

__all__ = [
    "ACCESSIBILITY",
    "ASSURANCE_LEVELS",
    "CONTACT",
    "ENVIRONMENT",
    "OTHER",
    "ROLES",
    "SHIPPED_LANGUAGES",
    "STAGES",
    "WASTE",
    "Category",
    "DataItem",
    "DataSection",
    "DataSubject",
    "ErasureOutcome",
    "KeptData",
    "ManifestError",
    "Module",
    "ModuleRegistry",
    "ModuleSetting",
    "PeriodicJob",
    "PersonalData",
    "ResidentData",
    "Retention",
    "StaffPage",
    "module_setting",
    "whole_number_setting",
]
