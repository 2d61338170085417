"""The contacts' model: organisations, people and the registry, and what templates display.

Plain data, read by :mod:`.registry` and shown by :mod:`.generator`; it imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PostalAddress:
    street: str
    postal_code: str
    city: str
    country: str = "DE"


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    short_name: str = ""
    web: str = ""
    web_label: str = ""  # the web address without scheme, as shown: www.egno.de
    address: PostalAddress | None = None


@dataclass(frozen=True)
class Phone:
    tel: str  # E.164, for tel: links, vCards and JSON-LD: +4940521042900
    display: str  # DIN 5008, the same for every number: 040 52104-2900


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    given_name: str
    family_name: str
    role: str
    organisation: Organisation
    phone: Phone | None
    email: str
    vcard_url: str


@dataclass
class Registry:
    """The organisations and people of the registry, in the order the file lists them."""

    shown_as: str
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    # Every id the file defines, also of entries with errors: no follow-up errors for those.
    organisation_ids: set[str] = field(default_factory=set)
    person_ids: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ContactBlock:
    person: Person
    json_ld: dict[str, Any]


@dataclass(frozen=True)
class ContactSection:
    """The contact blocks at the end of a press release or page, under one heading."""

    heading: str
    blocks: tuple[ContactBlock, ...]


@dataclass(frozen=True)
class DirectoryEntry:
    person: Person
    press_releases: tuple[Any, ...]  # the articles naming the person, newest first


@dataclass(frozen=True)
class DirectoryGroup:
    organisation: Organisation
    entries: tuple[DirectoryEntry, ...]
