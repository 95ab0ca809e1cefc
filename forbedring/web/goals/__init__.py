"""The goal cascade (issue #8, C8): an area's local goals linked to national goals, their
indicators and the improvement projects that work on them."""
