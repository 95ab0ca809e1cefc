"""Demo data made by the project itself (no other people's data sets)."""
