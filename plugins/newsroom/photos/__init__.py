"""Photos: checked press photos, their variants and credits."""


def register() -> None:
    from pelican import signals

    from . import images

    signals.get_generators.connect(images.get_generators)
