"""Connects the plugin's capabilities to Pelican's signals; nothing else happens here."""

from pelican import signals

from . import build, dates, pages, typography


def register() -> None:
    signals.initialized.connect(typography.use_german_markdown)
    signals.initialized.connect(build.start_report)
    signals.content_object_init.connect(pages.place_page)
    signals.content_object_init.connect(dates.enrich_content_dates)
    signals.all_generators_finalized.connect(build.stop_on_content_errors)
