"""Events: the calendar, event pages, iCalendar files and the events archive."""
