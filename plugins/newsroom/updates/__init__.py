"""Visible updates of a press release: ``Modified`` and ``Modified-Note`` shown as
„Aktualisiert am …: …“ above the text."""

from pelican import signals

from .model import attach_update


def register() -> None:
    signals.content_object_init.connect(attach_update)
