"""Catalogue headings shared by modules, so services of one kind group together."""

from .manifest import Category

WASTE = Category("waste", {"sv": "Avfall och återvinning", "en": "Waste and recycling"})
ENVIRONMENT = Category("environment", {"sv": "Miljö och hållbarhet",
                                       "en": "Environment and sustainability"})
ACCESSIBILITY = Category("accessibility", {"sv": "Tillgänglighet", "en": "Accessibility"})
CONTACT = Category("contact", {"sv": "Kontakt och synpunkter", "en": "Contact and feedback"})
OTHER = Category("other", {"sv": "Övriga e-tjänster", "en": "Other e-services"})
