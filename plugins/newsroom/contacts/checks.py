"""The contacts' part of the content check: the registry and every ``Contacts:`` naming it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..core import schema
from ..core.report import Report, suggest
from .model import Registry
from .registry import contact_ids, load_registry

if TYPE_CHECKING:
    from ..core.sources import Sources


def check_references(registry: Registry, sources: Sources, report: Report) -> None:
    """Every id in ``Contacts:`` of a press release or page names a person of the registry."""
    for kind in (schema.PRESS_RELEASE, schema.PAGE):
        for source in sources.get(kind, []):
            seen: set[str] = set()
            line = source.line_of("Contacts")
            for ident in contact_ids(source.value("Contacts")):
                if ident in seen:
                    report.error(
                        source.relative,
                        "Contacts",
                        f"„{ident}“ steht zweimal in der Liste.",
                        "Nennen Sie jeden Kontakt nur einmal.",
                        line,
                    )
                    continue
                seen.add(ident)
                if ident in registry.person_ids:
                    continue
                if ident in registry.organisation_ids:
                    report.error(
                        source.relative,
                        "Contacts",
                        f"„{ident}“ ist eine Organisation, kein Kontakt.",
                        "Nennen Sie hier Personen aus dem Kontaktverzeichnis, "
                        f"z. B. „{next(iter(sorted(registry.person_ids)), 'mirjam-bantle')}“.",
                        line,
                    )
                    continue
                known = sorted(registry.person_ids)
                report.error(
                    source.relative,
                    "Contacts",
                    f"Den Kontakt „{ident}“ gibt es in {registry.shown_as} nicht.",
                    suggest(ident, known, "Bekannte Kontakte"),
                    line,
                )


def check(settings: Mapping[str, Any], sources: Sources, report: Report) -> None:
    """The contacts' part of the content checks: the registry and every reference to it."""
    registry = load_registry(settings, report)
    if registry is not None:
        check_references(registry, sources, report)
