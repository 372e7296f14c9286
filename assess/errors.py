"""One exception class per failure mode a user can cause or meet.

The UI shows these with ``st.error``; the command line prints them and exits 2.
Anything else is a bug and may surface as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class AssessError(Exception):
    """Base of every error that is the user's input or environment, not a bug."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class BankError(AssessError):
    """The question bank or its rubrics did not validate; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"question bank has {len(problems)} {noun}: {problems[0]}")


class UnknownItemError(AssessError):
    """A question, rubric, level or kit item that the bank does not have."""


class KitError(AssessError):
    """A kit cannot be built as asked (no questions fit, budget too small...)."""


class InputFileError(AssessError):
    """A CSV or calibration file that cannot be read or lacks a required column."""


class ModelUnavailableError(AssessError):
    """The embedding model cannot be loaded; answers can still be saved, not scored."""


class CalibrationError(AssessError):
    """A calibration file is malformed, or there is too little data to fit one."""


class StoreError(AssessError):
    """The database could not be read or written (locked, read-only, unreachable)."""


class InputError(AssessError):
    """A value typed into a form or passed to a command is not acceptable (says which, why)."""


class AuthError(AssessError):
    """Login failed, or the action is not allowed for this role."""
