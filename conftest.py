"""Shared fixtures for the platform's tests and every module's own tests."""

pytest_plugins = ["eservices.testing"]
