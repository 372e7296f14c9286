"""Sample interview content (``sample_interviews.yaml``) for ``python -m assess demo``."""
