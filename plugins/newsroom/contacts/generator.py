"""Press contacts shown wherever content names them: contact blocks, directory, vCards.

Press releases and pages name people by id in ``Contacts:``; the :class:`ContactsGenerator`
resolves those ids into the data the ``contact_block`` macro displays, writes the directory
``/pressekontakte/`` grouped by organisation and a vCard per person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pelican.contents import Article
from pelican.generators import Generator

from ..core import json_ld
from ..core.output import output_files
from ..core.report import ContentError, Report
from ..core.settings import capability_settings
from .model import ContactBlock, ContactSection, DirectoryEntry, DirectoryGroup, Registry
from .registry import contact_ids, load_registry
from .vcard import vcard_bytes

PRESS_HEADING = "Pressekontakt"


PAGE_HEADING = "Kontakt"


def contact_section(content: Any, registry: Registry) -> ContactSection | None:
    """The contact blocks of one press release or page, in the order ``Contacts:`` names them."""
    ids = contact_ids(content.metadata.get("contacts", ""))
    people = [registry.people[i] for i in dict.fromkeys(ids) if i in registry.people]
    if not people:
        return None
    heading = PRESS_HEADING if isinstance(content, Article) else PAGE_HEADING
    blocks = tuple(
        ContactBlock(person, json_ld.with_context(json_ld.person(person, heading)))
        for person in people
    )
    return ContactSection(heading, blocks)


def newest_first(articles: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(articles, key=lambda article: (article.date, article.slug), reverse=True))


def directory(registry: Registry, articles: Iterable[Any]) -> tuple[DirectoryGroup, ...]:
    """Every person by organisation, in the registry's order, with the releases naming them."""
    naming: dict[str, list[Any]] = {ident: [] for ident in registry.people}
    for article in articles:
        section = getattr(article, "contact_section", None)
        for block in section.blocks if section else ():
            naming[block.person.id].append(article)
    groups = []
    for organisation in registry.organisations.values():
        entries = tuple(
            DirectoryEntry(person, newest_first(naming[person.id]))
            for person in registry.people.values()
            if person.organisation.id == organisation.id
        )
        if entries:
            groups.append(DirectoryGroup(organisation, entries))
    return tuple(groups)


class ContactsGenerator(Generator):
    """Resolves ``Contacts:`` on every press release and page; writes the directory and vCards.

    Pelican runs it after the articles and pages are read and before any page is written, so
    the blocks are in place when the article and page templates are rendered.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = capability_settings(self.settings, "CONTACTS")
        self.registry: Registry | None = None

    def contents(self) -> Iterator[Any]:
        for name in ("articles", "drafts", "hidden_articles", "pages", "hidden_pages"):
            for content in self.context.get(name, []):
                yield content
                yield from getattr(content, "translations", [])
        yield from self.context.get("draft_pages", [])

    def generate_context(self) -> None:
        report = Report()
        registry = load_registry(self.settings, report)
        if registry is None or report.errors:
            raise ContentError(report)
        self.registry = registry
        for content in self.contents():
            content.contact_section = contact_section(content, registry)
        self.context["contact_registry"] = registry

    def generate_output(self, writer: Any) -> None:
        registry = self.registry
        if registry is None:
            return
        writer.write_file(
            self.config["save_as"],
            self.get_template(self.config["template"]),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.config["url"],
            contact_directory=directory(registry, self.context.get("articles", [])),
            contacts_json_ld=json_ld.people_graph(registry.people.values(), PRESS_HEADING),
        )
        files = output_files(self.settings)
        for person in registry.people.values():
            save_as = self.config["vcard_save_as"].format(id=person.id)
            files.write(save_as, vcard_bytes(person), "contacts")


def get_generators(pelican: Any) -> type[ContactsGenerator]:
    """Signal ``get_generators``: the contacts' generator joins Pelican's own."""
    return ContactsGenerator
