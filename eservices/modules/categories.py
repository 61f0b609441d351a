"""Catalogue headings shared by modules, so services of one kind group together."""

from flask_babel import lazy_gettext as _l

from .manifest import Category

WASTE = Category("waste", _l("Waste and recycling"))
ENVIRONMENT = Category("environment", _l("Environment and sustainability"))
ACCESSIBILITY = Category("accessibility", _l("Accessibility"))
CONTACT = Category("contact", _l("Contact and feedback"))
OTHER = Category("other", _l("Other e-services"))
