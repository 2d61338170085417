"""Visible updates of a press release: ``Modified`` and ``Modified-Note`` shown as
„Aktualisiert am …: …“ above the text."""


def register() -> None:
    from pelican import signals

    from . import model

    signals.content_object_init.connect(model.attach_update)
