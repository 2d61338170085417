"""The site search: the Pagefind index, the fields it reads and its stable order."""


def register() -> None:
    from pelican import signals

    from . import index

    signals.content_object_init.connect(index.attach_search_fields)
    signals.generator_init.connect(index.provide_search_bundle)
    signals.all_generators_finalized.connect(index.attach_event_search_fields)
