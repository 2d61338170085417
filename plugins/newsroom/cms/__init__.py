"""Editing in the browser: ``/admin/`` with Decap CMS, vendored (``make vendor-cms``), its
configuration generated from the schema, the contact registry, the events and the topics."""

from pelican import signals

from . import generator


def register() -> None:
    signals.get_generators.connect(generator.get_generators)
