"""The coach's back office: queue, idea page, status and answer, notes, prototype (helper C)."""
