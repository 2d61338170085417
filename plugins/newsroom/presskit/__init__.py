"""Press kit per press release: ``pressemappe.zip`` (text, photo in original size, its rights,
the contacts' vCards) and ``text.txt`` beside the release's page."""


def register() -> None:
    from pelican import signals

    from . import generator

    signals.get_generators.connect(generator.get_generators)
