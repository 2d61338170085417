"""Image rights of press photos: ``Image-License`` read as a licence address (Creative Commons
named in German) or a usage note, required beside ``Image-Credit``."""


def register() -> None:
    from pelican import signals

    from . import licence

    signals.content_object_init.connect(licence.attach_licence)
