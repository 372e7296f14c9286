"""A progress line on stderr for long commands (``demo``): redrawn in place on a terminal,
one line per step otherwise (a log or a pipe keeps every step)."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressLine:
    """Callable as ``(done, total, what)``, the demo loader's progress callback."""

    def __init__(self, stream: TextIO | None = None, width: int = 20) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int, what: str) -> None:
        total = max(total, 1)
        filled = round(self.width * min(done, total) / total)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {what}"
        if self.live:
            end = "\n" if done >= total else ""
            self.stream.write(f"\r\x1b[2K{line}{end}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
