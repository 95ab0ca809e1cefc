"""``forbedring demo`` (being written)."""
