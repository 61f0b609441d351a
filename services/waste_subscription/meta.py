"""The module's id, written once: the manifest, settings, messages and journey all use it."""

MODULE_ID = "waste_subscription"
