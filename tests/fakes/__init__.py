"""Local stand-ins for external providers, used by tests and benchmarks."""
