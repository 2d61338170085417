"""Feeds per partner organisation: Atom and RSS of the press releases whose contacts work
there, linked from the contacts page."""

from pelican import signals

from .generator import get_generators


def register() -> None:
    signals.get_generators.connect(get_generators)
