"""Press kit per press release: ``pressemappe.zip`` (text, photo in original size, its rights,
the contacts' vCards) and ``text.txt`` beside the release's page."""

from pelican import signals

from .generator import get_generators


def register() -> None:
    signals.get_generators.connect(get_generators)
