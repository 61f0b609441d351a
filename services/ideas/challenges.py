"""Idea challenges, resident and staff pages (helper B)."""
