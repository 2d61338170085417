"""Related press releases at the end of each release: same event, shared topics, newest."""

from pelican import signals

from .model import attach_related


def register() -> None:
    signals.article_generator_finalized.connect(attach_related)
