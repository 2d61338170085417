"""Atom and RSS per partner organisation (the organisations of the contact registry): the
press releases whose press contacts work there, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.settings import capability_settings


@dataclass(frozen=True)
class PartnerFeed:
    """The feeds of one organisation, for templates: addresses relative to SITEURL."""

    organisation_id: str
    title: str  # „Pressemitteilungen der Stadtwerke Norderstedt“
    atom_url: str
    rss_url: str


def partnerfeeds_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    return capability_settings(settings, "PARTNERFEEDS")


def releases_of(organisation_id: str, articles: list[Any]) -> list[Any]:
    """The releases naming a contact of the organisation, newest first (slug breaks ties)."""
    found = [
        article
        for article in articles
        if any(
            block.person.organisation.id == organisation_id
            for block in getattr(getattr(article, "contact_section", None), "blocks", ())
        )
    ]
    return sorted(found, key=lambda a: (a.date, a.slug), reverse=True)


class PartnerFeedsGenerator:
    """Runs after the contacts' generator: reads its registry and ``contact_section``."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs) -> None:
        self.context = context
        self.settings = settings
        self.config = partnerfeeds_settings(settings)
        self.feeds: list[PartnerFeed] = []

    def generate_context(self) -> None:
        registry = self.context.get("contact_registry")
        atom, rss = self.config["atom_save_as"], self.config["rss_save_as"]
        if registry is None or not (atom and rss):
            return
        self.feeds = [
            PartnerFeed(
                organisation_id=organisation.id,
                title=f"Pressemitteilungen: {organisation.name}",
                atom_url=atom.format(id=organisation.id),
                rss_url=rss.format(id=organisation.id),
            )
            for organisation in registry.organisations.values()
        ]
        self.context["partner_feeds"] = {feed.organisation_id: feed for feed in self.feeds}

    def generate_output(self, writer: Any) -> None:
        articles = list(self.context.get("articles", []))
        for feed in self.feeds:
            elements = releases_of(feed.organisation_id, articles)
            for path, kind in ((feed.atom_url, "atom"), (feed.rss_url, "rss")):
                writer.write_feed(
                    elements, self.context, path, feed_type=kind, feed_title=feed.title
                )


def get_generators(pelican: Any) -> type[PartnerFeedsGenerator]:
    """Signal ``get_generators``."""
    return PartnerFeedsGenerator
