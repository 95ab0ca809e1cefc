"""The change-package library: reviewed data files, one per package (DESIGN.md C6)."""
