"""Reports of offensive or off-topic ideas and comments, and their review (helper B)."""
