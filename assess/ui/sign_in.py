"""Sign in (a public page): the form lives in ``sign_in_form`` so ``app.py`` can show it in
place of a page that needs a signed-in user. Signing in here goes to Start."""

from __future__ import annotations

from assess.ui import HOME
from assess.ui.sign_in_form import show

show(land=HOME)
