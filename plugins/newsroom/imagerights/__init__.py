"""Image rights of press photos: ``Image-License`` read as a licence address (Creative Commons
named in German) or a usage note, required beside ``Image-Credit``."""

from pelican import signals

from .licence import attach_licence


def register() -> None:
    signals.content_object_init.connect(attach_licence)
