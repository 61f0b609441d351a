"""The module's identity, importable by every file without importing the manifest."""

MODULE_ID = "ideas"
