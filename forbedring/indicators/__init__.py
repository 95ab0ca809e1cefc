"""National goals and quality indicators: reviewed data files, one per programme (issue #8)."""
