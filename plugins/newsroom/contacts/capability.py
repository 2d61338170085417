"""Press contacts: settings, the registry's check, the directory's addresses.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.capability import Capability, deferred
from ..core.settings import capability_settings, fixed_addresses

SETTINGS: dict[str, dict[str, Any]] = {
    "CONTACTS": {
        # The registry of organisations and people, relative to PATH.
        "REGISTRY": "daten/kontakte.yaml",
        "URL": "pressekontakte/",
        "SAVE_AS": "pressekontakte/index.html",
        "TEMPLATE": "contacts",
        "VCARD_URL": "pressekontakte/{id}.vcf",
        "VCARD_SAVE_AS": "pressekontakte/{id}.vcf",
        # Phone numbers written without +49 are read as numbers in this country.
        "PHONE_REGION": "DE",
    },
}


def site_urls(settings: Mapping[str, Any]) -> dict[str, str]:
    """The section templates link: the contacts directory."""
    return {"contacts": capability_settings(settings, "CONTACTS")["url"]}


CAPABILITY = Capability(
    name="contacts",
    settings=SETTINGS,
    checks=(deferred(f"{__package__}.checks", "check"),),
    reserved_addresses=fixed_addresses("CONTACTS", "die Pressekontakte"),
    site_urls=site_urls,
)
