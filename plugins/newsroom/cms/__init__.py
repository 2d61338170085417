"""Editing in the browser: ``/admin/`` with Decap CMS, vendored (``make vendor-cms``), its
configuration generated from the schema, the contact registry, the events and the topics."""


def register() -> None:
    from pelican import signals

    from . import generator

    signals.get_generators.connect(generator.get_generators)
