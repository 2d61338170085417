"""Editorial control: embargo, drafts, preview, legal pages, page placement, navigation."""


def register() -> None:
    from pelican import signals

    from . import embargo, navigation, operator, pages

    signals.content_object_init.connect(pages.place_page)
    signals.generator_init.connect(navigation.provide_site_urls)
    # Before the core's stable order: the preview merges drafts into the lists it sorts.
    signals.article_generator_pretaxonomy.connect(embargo.withhold_articles)
    signals.page_generator_finalized.connect(operator.attach_operator_facts)
    signals.page_generator_finalized.connect(embargo.withhold_pages)
    signals.static_generator_finalized.connect(embargo.withhold_static_files)
    signals.article_generator_finalized.connect(navigation.link_neighbours)
