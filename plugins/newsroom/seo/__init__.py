"""Search engines and sharing: page meta, structured data, sitemap."""


def register() -> None:
    from pelican import signals

    from . import page_meta

    signals.generator_init.connect(page_meta.provide_page_meta)
