"""The public showcase "Från idé till tjänst" (helper C)."""
