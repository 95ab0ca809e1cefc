"""Status reports per municipality and region (issue #8): HTML, PDF and batch generation."""
