"""Press contacts: the registry, contact blocks, vCards and the contacts directory."""


def register() -> None:
    from pelican import signals

    from . import registry

    signals.get_generators.connect(registry.get_generators)
