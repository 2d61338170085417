"""The capability registry: what each plugin of PLUGINS declares to the core.

A capability package has a module ``capability`` with a frozen :class:`Capability`: its
settings prefixes and their defaults, its content checks, the output addresses it reserves,
the section addresses it adds to the templates' ``site_urls`` and its post-build steps. The
core finds them through ``settings["PLUGINS"]`` by name, never by an import of its own, so it
stays independent of every capability; ``make check`` and the build read the same list, so
they check the same.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .report import Report
    from .sources import Sources

Check = Callable[[Mapping[str, Any], "Sources", "Report"], None]
SiteUrls = Callable[[Mapping[str, Any]], Mapping[str, str]]
PACKAGE = __name__.rsplit(".", 2)[0]  # "newsroom"


@dataclass(frozen=True)
class PostBuildStep:
    """One step over the finished output; the core runs them by ``order``, lowest first."""

    order: int
    name: str
    run: Callable[[Any], None]  # called with the Pelican object


@dataclass(frozen=True)
class Capability:
    """What one capability declares.

    ``settings``: prefix → defaults (upper-case keys without the prefix). ``derived``: keys of
    its prefixes that the build sets itself (never written by hand). ``checks``: run by the
    content check after the shared ones, in the order of PLUGINS. ``reserved_addresses``:
    settings → {output file: what it is}, files no content may take. ``content_reader``:
    settings → a reader that renders a source as the build reads it (``render(path,
    sanitize=False)``), for the check of what the sanitizer removes. ``site_urls``: settings →
    {key: site URL} of the sections it makes, which templates link as ``site_urls.<key>``
    (:func:`contributed_site_urls`). ``post_build``: its steps of the post-build pipeline
    (:mod:`.pipeline`). ``requires``: the capabilities whose settings or results it reads, which
    PLUGINS must list before it (:func:`missing_requirements`).
    """

    name: str
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    derived: frozenset[str] = frozenset()
    checks: tuple[Check, ...] = ()
    reserved_addresses: Callable[[Mapping[str, Any]], dict[str, str]] | None = None
    content_reader: Callable[[Mapping[str, Any]], Any] | None = None
    site_urls: SiteUrls | None = None
    post_build: tuple[PostBuildStep, ...] = ()
    requires: tuple[str, ...] = ()


def deferred(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported when first called: declaring a check or a reader loads none of
    its libraries (a command that only reads settings stays light)."""

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args)

    call.__qualname__ = f"{module}.{name}"
    return call


def capabilities(settings: Mapping[str, Any]) -> tuple[Capability, ...]:
    """The capabilities of the plugins in ``settings["PLUGINS"]``, in that order."""
    found = []
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if not name.startswith(f"{PACKAGE}.") or name.count(".") != 1:
            continue
        # Asked for by every page (settings of a capability): the module imported once is taken
        # as it is, without the import machinery.
        module = sys.modules.get(f"{name}.capability")
        if module is None:
            try:
                module = importlib.import_module(f"{name}.capability")
            except ModuleNotFoundError as error:
                if error.name != f"{name}.capability":
                    raise
                continue
        declared = getattr(module, "CAPABILITY", None)  # the core lists none of its own
        if isinstance(declared, Capability):
            found.append(declared)
    return tuple(found)


def missing_requirements(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(capability, required capability) for each requirement that PLUGINS does not list
    before the capability that needs it: its generator would find nothing to read."""
    missing = []
    listed: set[str] = set()
    for capability in capabilities(settings):
        missing += [(capability.name, name) for name in capability.requires if name not in listed]
        listed.add(capability.name)
    return missing


def contributed_site_urls(settings: Mapping[str, Any]) -> dict[str, str]:
    """The section addresses the capabilities of PLUGINS contribute to ``site_urls``.

    A plugin left out of PLUGINS contributes none, so templates can test for its key. Two
    capabilities claiming one key is a mistake in the code, not in the content: it stops the
    build.
    """
    found: dict[str, str] = {}
    claimed_by: dict[str, str] = {}
    for capability in capabilities(settings):
        if capability.site_urls is None:
            continue
        for key, url in capability.site_urls(settings).items():
            if key in claimed_by:
                raise ValueError(
                    f"site_urls.{key} kommt von zwei Plugins: {claimed_by[key]} und "
                    f"{capability.name}."
                )
            claimed_by[key] = capability.name
            found[key] = url
    return found
