"""The newsroom's shared core: the content model and schema, the problem report, reading
sources safely, settings, dates and text helpers. It imports no capability.

As a Pelican plugin (listed after typography and editorial), it starts the problem report,
adds the German dates, guards the static files, puts content in a stable order and runs
the post-build pipeline.
"""


def register() -> None:
    from pelican import signals

    from . import checks, dates, files, output, pipeline, reproducible

    signals.initialized.connect(output.open_output)
    signals.initialized.connect(checks.start_report)
    signals.content_object_init.connect(dates.enrich_content_dates)
    signals.static_generator_finalized.connect(files.guard_static_files)
    signals.static_generator_finalized.connect(output.record_static_files)
    signals.article_generator_pretaxonomy.connect(reproducible.stable_article_order)
    signals.page_generator_finalized.connect(reproducible.stable_page_order)
    # Pelican's writer announces its files: the core's writer refuses to write them again.
    signals.content_written.connect(output.record_pelican_file)
    signals.feed_written.connect(output.record_pelican_file)
    # The one receiver of the post-build steps (sitemap → search → hashed names → compression).
    signals.finalized.connect(pipeline.run_post_build)
