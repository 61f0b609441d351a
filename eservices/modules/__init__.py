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
from .registry import ModuleRegistry, module_setting, whole_number_setting

__all__ = [
    "ACCESSIBILITY", "CONTACT", "ENVIRONMENT", "OTHER", "ROLES", "SHIPPED_LANGUAGES", "STAGES",
    "WASTE", "Category", "ManifestError", "Module", "ModuleRegistry", "ModuleSetting",
    "PeriodicJob", "StaffPage", "module_setting", "whole_number_setting",
]
