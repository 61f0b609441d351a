"""Supporting an idea once per person (helper B)."""
