"""Demo data: challenges and a few dozen ideas across departments and statuses (helper D)."""


def load_demo() -> None:
    """Filled in by helper D."""
