"""Following an idea at its private link (helper A)."""
