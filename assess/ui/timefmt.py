"""Durations and times of day as the console shows them."""

from __future__ import annotations

from datetime import datetime

from assess.store.schema import as_utc


def clock(seconds: float) -> str:
    """``m:ss`` under an hour, else ``h:mm:ss``."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def local_time(moment: datetime) -> str:
    """The server's local time of day of a stored (UTC) moment."""
    return as_utc(moment).astimezone().strftime("%H:%M:%S")
