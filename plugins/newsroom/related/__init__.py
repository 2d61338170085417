"""Related press releases at the end of each release: same event, shared topics, newest."""


def register() -> None:
    from pelican import signals

    from . import model

    signals.article_generator_finalized.connect(model.attach_related)
