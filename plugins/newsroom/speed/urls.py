"""Addresses of press releases and pages without Pelican's per-access copy of all their fields.

Pelican computes ``url`` and ``save_as`` anew at every access (``Content.get_url_setting``):
it copies all metadata of the object and works out its source path relative to the content
folder, then formats ``ARTICLE_URL`` & Co. with that — for the two fields the pattern names.
The templates ask for the address of a release many times (head, breadcrumbs, lists, neighbours,
related releases, feeds), tens of thousands of times in a build of 1,000 releases. Here each
access formats the pattern with just the fields it names, taken exactly as Pelican takes them,
at the moment of the access: a plugin that changes slug, date or category afterwards changes
the address as it would with Pelican. The last address per pattern is kept with the values it
was made of and returned while the object holds those very values.
"""

from __future__ import annotations

import datetime
import string
import types
from typing import Any

from pelican.contents import Article, Page

# Pelican 4.12's ``_expand_settings``: the setting's prefix by class and status.
PREFIXES = {Article: ("draft", "article"), Page: ("draft_page", "Page")}
# The fields ``url_format`` sets itself; all others come from the metadata.
OWN_FIELDS = frozenset({"path", "slug", "lang", "date", "author", "category"})
# Per object and pattern, the last address with the very values it was formatted from (only
# values that cannot change in place): the same objects give the same string without
# formatting the date again. Another value (a new slug, a new date) formats anew.
REMEMBERED = "_newsroom_addresses"
IMMUTABLE = (str, int, datetime.date)


def field_names(pattern: str) -> list[str] | None:
    """The fields a URL pattern names (``{date:%Y}`` → ``date``); None for a positional field
    or one Pelican's values could not fill by name alone."""
    names = []
    for _text, field, _spec, _conversion in string.Formatter().parse(pattern):
        if field is None:
            continue
        name = field.split(".", 1)[0].split("[", 1)[0]
        if not name or name.isdigit():
            return None
        names.append(name)
    return names


def url_field(content: Any, name: str) -> Any:
    """One value of Pelican's ``Content.url_format``, as it computes it."""
    if name == "path":
        from pelican.utils import path_to_url

        return path_to_url(content.metadata.get("path", content.get_relative_source_path()))
    if name == "slug":
        return getattr(content, "slug", "")
    if name == "lang":
        return getattr(content, "lang", "en")
    if name == "date":
        return content.date if hasattr(content, "date") else datetime.datetime.now()
    if name == "author":
        return content.author.slug if hasattr(content, "author") else ""
    if name == "category":
        return content.category.slug if hasattr(content, "category") else ""
    return content.metadata[name]


def quick_url_setting(content: Any, key: str) -> str:
    """``Content.get_url_setting`` of Pelican 4.12 for an Article or Page, the same string."""
    if hasattr(content, "override_" + key):
        return getattr(content, "override_" + key)
    setting = key if content.in_default_lang else f"lang_{key}"
    draft, klass = PREFIXES[type(content)]
    if content.status == "draft":
        klass = draft
    pattern = str(content.settings[f"{klass}_{setting}".upper()])
    remembered = content.__dict__.setdefault(REMEMBERED, {})
    if pattern not in remembered:
        remembered[pattern] = (field_names(pattern), (), "")
    names, last_values, last_address = remembered[pattern]
    if names is None or any(
        name not in OWN_FIELDS and name not in content.metadata for name in names
    ):
        return type(content).get_url_setting(content, key)  # Pelican's own way, its own error
    values = tuple(url_field(content, name) for name in names)
    if len(values) == len(last_values) and all(
        value is last for value, last in zip(values, last_values, strict=True)
    ):
        return last_address
    address = pattern.format(**dict(zip(names, values, strict=True)))
    if all(isinstance(value, IMMUTABLE) for value in values) and (
        "date" not in names or hasattr(content, "date")
    ):
        remembered[pattern] = (names, values, address)
    return address


def use_quick_urls(content: Any) -> None:
    """Signal ``content_object_init``: press releases and pages format their addresses with
    just the fields named (others, e.g. events with their own address, keep Pelican's way)."""
    if type(content) in PREFIXES:
        content.get_url_setting = types.MethodType(quick_url_setting, content)
