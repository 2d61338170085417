"""Events: the calendar, event pages, iCalendar files and the events archive."""


def register() -> None:
    from pelican import signals

    from . import calendar

    signals.get_generators.connect(calendar.get_generators)
