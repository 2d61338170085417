"""Pelican's topic, author and year pages without its quadratic search for each one's releases.

Pelican 4.12's ``ArticlesGenerator.generate_tags`` lists, for each topic, the releases by date
with ``[article for article in self.dates if article in articles]`` — a scan of the topic's
list for every release of the site: at 5,000 releases and 20 topics some 70 million
comparisons, seconds of the build. A content object is equal only to itself (Pelican's
``Content`` defines no ``__eq__``), so membership by identity is the same test; here each topic
checks against a set of its releases' identities. Everything else is Pelican's method as it is:
the same calls of ``write`` with the same values, in the same order.

The same scan is in ``generate_authors`` (one author, the newsroom, has every release) and in
``_build_period_archives`` (``[a for a in articles if a in dates]`` for each year: at 5,000
releases a tenth of a second per reading, also in each save of the live preview).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger("pelican.generators")


def by_identity(items: list[Any]) -> bool:
    """Whether ``==`` between these items and others is identity (no class of theirs defines
    it); ``a in b`` is identity when it is for both the sought and the listed items."""
    return all(type(item).__eq__ is object.__eq__ for item in items)


def members_in_order(ordered: list[Any], members: list[Any]) -> list[Any]:
    """``[item for item in ordered if item in members]``, by identity where that is the same."""
    if by_identity(ordered) and by_identity(members):
        found = {id(item) for item in members}
        return [item for item in ordered if id(item) in found]
    return [item for item in ordered if item in members]


def generate_tags(generator: Any, write: Any) -> None:
    """``ArticlesGenerator.generate_tags`` of Pelican 4.12, each topic's releases by date found
    through a set of their identities."""
    tag_template = generator.get_template("tag")
    dates_by_identity = by_identity(generator.dates)
    for tag, articles in generator.tags.items():
        if dates_by_identity and by_identity(articles):
            members = {id(article) for article in articles}
            dates = [article for article in generator.dates if id(article) in members]
        else:
            dates = [article for article in generator.dates if article in articles]
        try:
            write(
                tag.save_as,
                tag_template,
                generator.context,
                tag=tag,
                url=tag.url,
                articles=articles,
                dates=dates,
                template_name="tag",
                blog=True,
                page_name=tag.page_name,
                all_articles=generator.articles,
            )
        except FileOverwriteFailedError:
            if not tag.slug:
                logger.info(
                    'Tag "%s" has an invalid slug; skipping writing tag page...',
                    tag,
                    extra={"limit_msg": "Further tags with invalid slugs."},
                )
                continue
            logger.error('Failed to write Tag page for "%s".', tag)
            raise


def quick_tag_pages(generator: Any) -> None:
    """Signal ``article_generator_init``: the press releases' generator writes its topic pages
    with :func:`generate_tags` (a subclass with its own ``generate_tags`` keeps that)."""
    if type(generator).generate_tags is ArticlesGenerator.generate_tags:
        generator.generate_tags = functools.partial(generate_tags, generator)


def generate_authors(generator: Any, write: Any) -> None:
    """``ArticlesGenerator.generate_authors`` of Pelican 4.12, each author's releases by date
    found through a set of their identities."""
    author_template = generator.get_template("author")
    for aut, articles in generator.authors:
        dates = members_in_order(generator.dates, articles)
        try:
            write(
                aut.save_as,
                author_template,
                generator.context,
                url=aut.url,
                author=aut,
                articles=articles,
                dates=dates,
                template_name="author",
                blog=True,
                page_name=aut.page_name,
                all_articles=generator.articles,
            )
        except FileOverwriteFailedError:
            if not aut.slug:
                logger.info(
                    'Author "%s" has an invalid slug; skipping writing author page...',
                    aut,
                    extra={"limit_msg": "Further authors with invalid slugs."},
                )
                continue
            logger.error('Failed to write Author page for "%s".', aut)
            raise


def build_period_archives(
    build: Any, sorted_articles: list[Any], articles: list[Any], settings: Any
) -> Any:
    """``ArticlesGenerator._build_period_archives`` of Pelican 4.12 (``build``), called without
    the releases so that it does not scan them for each period; each period's releases are
    then its dates in the order of ``articles``, found as Pelican finds them."""
    archives = build(sorted_articles, [], settings)
    for periods in archives.values():
        for archive in periods:
            archive["articles"] = members_in_order(articles, archive["dates"])
    return archives


def quick_author_and_year_pages(generator: Any) -> None:
    """Signal ``article_generator_init``: the press releases' generator finds each author's and
    each period's releases with :func:`members_in_order` (a subclass with its own methods keeps
    them)."""
    if type(generator).generate_authors is ArticlesGenerator.generate_authors:
        generator.generate_authors = functools.partial(generate_authors, generator)
    if type(generator)._build_period_archives is ArticlesGenerator._build_period_archives:
        generator._build_period_archives = functools.partial(
            build_period_archives, generator._build_period_archives
        )
