"""The README documents every command, setting and page: an undocumented one fails here."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from assess.cli import build_parser
from assess.config import SETTINGS
from assess.ui import PAGES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"python -m assess {command}" in README


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_in_the_readme(name: str) -> None:
    assert f"`{name}`" in README


@pytest.mark.parametrize("title", sorted(p.title for p in PAGES))
def test_every_page_is_in_the_readme(title: str) -> None:
    assert title in README


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
