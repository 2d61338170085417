"""Connects the plugin's capabilities to Pelican's signals; nothing else happens here."""

from pelican import signals

from . import (
    assets,
    checks,
    contacts,
    embargo,
    events,
    images,
    navigation,
    operator,
    page_meta,
    pages,
    reproducible,
    search,
    security,
    sitemap,
    speed,
    stylesheet,
    typography,
)
from .core import dates, files, incremental


def register() -> None:
    signals.initialized.connect(typography.use_german_markdown)
    signals.initialized.connect(checks.start_report)
    signals.initialized.connect(security.use_security_settings)
    signals.initialized.connect(speed.configure)
    signals.readers_init.connect(speed.use_fast_reader)
    signals.article_generator_init.connect(speed.prerender)
    signals.page_generator_init.connect(speed.prerender)
    signals.article_generator_finalized.connect(speed.write_on_cores)
    signals.get_writer.connect(incremental.provide_writer)
    signals.content_object_init.connect(pages.place_page)
    signals.content_object_init.connect(dates.enrich_content_dates)
    signals.content_object_init.connect(search.attach_search_fields)
    signals.generator_init.connect(page_meta.provide_page_meta)
    signals.generator_init.connect(search.provide_search_bundle)
    signals.generator_init.connect(assets.provide_asset_paths)
    signals.get_generators.connect(contacts.get_generators)
    signals.get_generators.connect(events.get_generators)
    signals.get_generators.connect(stylesheet.get_generators)
    signals.get_generators.connect(images.get_generators)
    signals.page_generator_finalized.connect(operator.attach_operator_facts)
    signals.article_generator_pretaxonomy.connect(embargo.withhold_articles)
    signals.page_generator_finalized.connect(embargo.withhold_pages)
    signals.static_generator_finalized.connect(files.guard_static_files)
    signals.static_generator_finalized.connect(embargo.withhold_static_files)
    signals.article_generator_finalized.connect(navigation.link_neighbours)
    signals.article_generator_pretaxonomy.connect(reproducible.stable_article_order)
    signals.page_generator_finalized.connect(reproducible.stable_page_order)
    signals.all_generators_finalized.connect(search.attach_event_search_fields)
    signals.finalized.connect(sitemap.write_sitemap)
    signals.finalized.connect(search.index_output)
    signals.feed_generated.connect(reproducible.stable_empty_feed_date)
    signals.finalized.connect(reproducible.stable_search_index)
    # Last: hashes and compresses what every other step wrote.
    signals.finalized.connect(assets.post_process)
