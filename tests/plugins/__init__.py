"""Pytest plugins shared by the test suite (registered from ``tests/conftest.py``)."""
