"""Events: the calendar, event pages, iCalendar files and the events archive."""


def register() -> None:
    from pelican import signals

    from . import generator

    signals.get_generators.connect(generator.get_generators)
