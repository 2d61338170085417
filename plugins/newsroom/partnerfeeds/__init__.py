"""Feeds per partner organisation: Atom and RSS of the press releases whose contacts work
there, linked from the contacts page."""


def register() -> None:
    from pelican import signals

    from . import generator

    signals.get_generators.connect(generator.get_generators)
