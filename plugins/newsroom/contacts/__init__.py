"""Press contacts: the registry, contact blocks, vCards and the contacts directory."""


def register() -> None:
    from pelican import signals

    from . import generator

    signals.get_generators.connect(generator.get_generators)
