"""Numbers for the innovation office: statistics, charts, CSV (helper D)."""
