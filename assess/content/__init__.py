"""Content: the question bank and rubrics as validated, immutable objects (data only)."""
