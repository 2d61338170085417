"""Build speed: the fast paths that replace Pelican and Markdown internals.

One version check (:mod:`.versions`) decides at registration: with the versions the fast
paths were written for, they are connected; with any other, a warning and the plain path.
"""


def register() -> None:
    from pelican import signals

    from . import fast_path, feed_date, feed_entries, kept, reuse, tags, urls, versions

    signals.initialized.connect(fast_path.use_content_cache)
    signals.initialized.connect(reuse.reuse_for_own_files)
    signals.generator_init.connect(fast_path.share_compiled_templates)
    if not versions.fast_paths_usable():
        signals.initialized.connect(versions.warn_plain_path)
        return
    signals.initialized.connect(fast_path.configure)
    signals.initialized.connect(kept.skip_loading_reader_caches)
    signals.generator_init.connect(kept.keep_reader_cache)
    signals.generator_init.connect(kept.keep_other_content_objects)
    signals.readers_init.connect(fast_path.use_fast_reader)
    signals.content_object_init.connect(urls.use_quick_urls)
    signals.article_generator_init.connect(fast_path.prerender)
    signals.article_generator_init.connect(tags.quick_tag_pages)
    signals.article_generator_init.connect(tags.quick_author_and_year_pages)
    signals.page_generator_init.connect(fast_path.prerender)
    signals.article_generator_init.connect(kept.keep_content_objects)
    signals.page_generator_init.connect(kept.keep_content_objects)
    signals.article_generator_finalized.connect(fast_path.write_on_cores)
    signals.get_writer.connect(reuse.provide_writer)
    signals.feed_generated.connect(feed_date.stable_empty_feed_date)
    signals.feed_generated.connect(feed_entries.reuse_feed_entries)
