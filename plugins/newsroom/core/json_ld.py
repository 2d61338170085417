"""schema.org structured data (JSON-LD) as plain dicts; templates render them with ``tojson``.

The one place that knows schema.org's vocabulary: the publisher, press releases, breadcrumbs,
organisations and press contacts, the contacts directory and events. Capabilities hand in
their objects and what only they know (settings, an event's status); the builders read
attributes by name, so the core imports no capability. The order of the keys is the order
in the built pages; keep it, the build is compared byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .dates import iso
from .text import plain_text

CONTEXT = "https://schema.org"
VOCABULARY = "https://schema.org/"  # prefix of enumeration values: EventScheduled, InStock …
ATTENDANCE_MODES = {"offline": "Offline", "online": "Online", "mixed": "Mixed"}


def with_context(data: dict[str, Any]) -> dict[str, Any]:
    """A top-level object: ``@context`` first, then ``data``."""
    return {"@context": CONTEXT, **data}


# --- Publisher, press releases, breadcrumbs -------------------------------------------------


def publisher(
    name: str, url: str, logo_url: str = "", members: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The site's ``Organization``: its name, address, logo and the bodies behind it."""
    data: dict[str, Any] = {"@type": "Organization", "name": name, "url": url}
    if logo_url:
        data["logo"] = {"@type": "ImageObject", "url": logo_url}
    found = [
        {"@type": "Organization", "name": member, "url": address} for member, address in members
    ]
    if found:
        data["member"] = found
    return data


def start_page(publisher_data: dict[str, Any], description: str = "") -> dict[str, Any]:
    """The start page's ``Organization``, with what the site is about."""
    data = with_context(publisher_data)
    if description:
        data["description"] = plain_text(description)
    return data


def article_authors(article: Any, fallback_name: str) -> list[dict[str, Any]]:
    """The organisations a press release speaks for: those of its press contacts, else ours."""
    found: dict[str, dict[str, Any]] = {}
    section = getattr(article, "contact_section", None)
    for block in getattr(section, "blocks", ()):
        speaker = block.person.organisation
        if speaker.name not in found:
            entry = {"@type": "Organization", "name": speaker.name}
            if speaker.web:
                entry["url"] = speaker.web
            found[speaker.name] = entry
    return list(found.values()) or [{"@type": "Organization", "name": fallback_name}]


def news_article(
    article: Any,
    url: str,
    authors: list[dict[str, Any]],
    publisher_data: dict[str, Any],
    images: Sequence[str] = (),
) -> dict[str, Any]:
    """A press release as ``NewsArticle``: headline, dates with UTC offset, who says it."""
    modified = getattr(article, "modified", None) or article.date
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": plain_text(article.title),
        "description": plain_text(getattr(article, "summary", "")),
        "datePublished": iso(article.date),
        "dateModified": iso(modified),
        "inLanguage": "de-DE",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": authors,
        "publisher": publisher_data,
    }
    location = getattr(article, "location", None)
    if location:
        data["locationCreated"] = {"@type": "Place", "name": plain_text(location)}
    tags = [str(tag) for tag in getattr(article, "tags", None) or []]
    if tags:
        data["keywords"] = tags
    if images:
        data["image"] = [image_object(article, image, url) for image in images]
    return data


def image_object(article: Any, image_url: str, page_url: str) -> dict[str, Any]:
    """A press photo as ``ImageObject`` with its rights: who to credit, the licence address
    (addresses only; a usage note is on the release page) and where to read the terms: the
    release, which shows them under the photo beside its press contacts."""
    data: dict[str, Any] = {"@type": "ImageObject", "contentUrl": image_url, "url": image_url}
    photo = getattr(article, "photo", None)
    if photo is None:
        return data
    data["width"], data["height"] = photo.width, photo.height
    data["caption"] = photo.alt
    data["creditText"] = photo.credit
    data["copyrightNotice"] = photo.credit
    licence = getattr(article, "photo_licence", None)
    if licence is not None and licence.url:
        data["license"] = licence.url
    data["acquireLicensePage"] = page_url
    return data


def breadcrumb_list(trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """``BreadcrumbList`` from (name, absolute URL) pairs, the start page first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url}
            for number, (name, url) in enumerate(trail, start=1)
        ],
    }


# --- Organisations and people of the contacts registry --------------------------------------


def organisation(entry: Any) -> dict[str, Any]:
    """An ``Organization`` from ``name``, ``short_name``, ``web`` and ``address``."""
    data: dict[str, Any] = {"@type": "Organization", "name": entry.name}
    if entry.short_name:
        data["alternateName"] = entry.short_name
    if entry.web:
        data["url"] = entry.web
    if entry.address is not None:
        address = entry.address
        data["address"] = {
            "@type": "PostalAddress",
            "postalCode": address.postal_code,
            "addressLocality": address.city,
            "addressCountry": address.country,
        }
        if address.street:
            data["address"]["streetAddress"] = address.street
    return data


def person(entry: Any, contact_type: str) -> dict[str, Any]:
    """``Person`` working for an ``Organization``, reachable at a ``ContactPoint``."""
    contact_point: dict[str, Any] = {
        "@type": "ContactPoint",
        "contactType": contact_type,
        "availableLanguage": "de",
    }
    data: dict[str, Any] = {"@type": "Person", "name": entry.name}
    if entry.role:
        data["jobTitle"] = entry.role
    if entry.phone is not None:
        data["telephone"] = contact_point["telephone"] = entry.phone.tel
    if entry.email:
        data["email"] = contact_point["email"] = entry.email
    data["worksFor"] = organisation(entry.organisation)
    data["contactPoint"] = contact_point
    return data


def people_graph(people: Iterable[Any], contact_type: str) -> dict[str, Any]:
    """One graph of every person, for a page that lists them all."""
    return {"@context": CONTEXT, "@graph": [person(entry, contact_type) for entry in people]}


# --- Events ---------------------------------------------------------------------------------


def event(event: Any, location: Any, status: str) -> dict[str, Any]:
    """``Event``; ``status`` is schema.org's name of its state (``EventScheduled`` …)."""
    places: list[dict[str, Any]] = []
    if location.place is not None:
        place = location.place
        places.append(
            {
                "@type": "Place",
                "name": place.name or place.street,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": place.street,
                    "postalCode": place.postal_code,
                    "addressLocality": place.town,
                    "addressCountry": "DE",
                },
            }
        )
    if location.online_url:
        places.append({"@type": "VirtualLocation", "url": location.online_url})
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.plain_title,
        "startDate": event.start_iso,
    }
    if event.end_iso:
        data["endDate"] = event.end_iso
    attendance = ATTENDANCE_MODES[location.attendance]
    data.update(
        {
            "eventStatus": VOCABULARY + status,
            "eventAttendanceMode": f"{VOCABULARY}{attendance}EventAttendanceMode",
            "location": places[0] if len(places) == 1 else places,
            "organizer": [organisation(organiser) for organiser in event.organizers],
            "url": event.absolute_url,
            "description": event.plain_summary,
            "inLanguage": "de",
        }
    )
    if event.guests:
        data["performer"] = [guest(entry) for entry in event.guests]
    admission = event.admission
    if admission is not None:
        data["isAccessibleForFree"] = admission.free
        data["offers"] = [
            {
                "@type": "Offer",
                "price": price,
                "priceCurrency": "EUR",
                "url": event.registration or event.absolute_url,
                "availability": f"{VOCABULARY}InStock",
            }
            for price in (admission.prices or ("0.00",))
        ]
    return data


def guest(entry: Any) -> dict[str, str]:
    """A guest of an event as ``Person``: name and, when given, role."""
    data = {"@type": "Person", "name": entry.name}
    if entry.role:
        data["jobTitle"] = entry.role
    return data
