"""Every limit on the length of a text a user types, in one place.

The store, the reports and the auth code check these before anything is written, and raise
``InputError`` (``AuthError`` for a password) naming the field and the limit: a long text
is refused with a message, never cut. The pages use the same numbers in their help texts.
This module sits at the base with ``assess.errors``: every layer may import it.
"""

from __future__ import annotations

from typing import Final

from assess.errors import InputError

NAME_CHARS: Final[int] = 200  # names, titles, site, e-mail, company
USERNAME_CHARS: Final[int] = 120
PASSWORD_CHARS: Final[int] = 1024  # long enough for any passphrase; bounds the hashing work
FOLLOW_UP_CHARS: Final[int] = 2_000
RATING_REASON_CHARS: Final[int] = 2_000
PANEL_COMMENT_CHARS: Final[int] = 2_000
DECISION_REASON_CHARS: Final[int] = 4_000
DELETE_REASON_CHARS: Final[int] = 500
NOTICE_TEMPLATE_CHARS: Final[int] = 8_000
NOTICE_CONTACT_CHARS: Final[int] = 500
NOTE_CHARS: Final[int] = 20_000
ANSWER_CHARS: Final[int] = 100_000


def check_length(value: str, what: str, limit: int) -> str:
    """``value`` unchanged when it fits; otherwise an ``InputError`` that names ``what``.

    Args:
        value: the text as it will be stored (already cleaned and stripped).
        what: the field as the user knows it, e.g. "the reason for your rating".
        limit: one of the constants above.
    """
    if len(value) > limit:
        raise InputError(
            f"{what} is too long ({len(value):,} characters; the limit is {limit:,}): "
            "shorten it and try again"
        )
    return value
