"""Modules in design: prototypes tested with residents before they become services."""
