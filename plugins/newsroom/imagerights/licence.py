"""What ``Image-License`` says: a licence address (Creative Commons recognised and named in
German) or a usage note such as „honorarfrei für die Berichterstattung über …“."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..core.sources import web_address_problem
from ..core.text import plain_text

# The elements of a Creative Commons licence, by their code in the address, in German as the
# German deeds of creativecommons.org name them.
CC_ELEMENTS = {
    "by": "Namensnennung",
    "by-sa": "Namensnennung – Weitergabe unter gleichen Bedingungen",
    "by-nd": "Namensnennung – Keine Bearbeitungen",
    "by-nc": "Namensnennung – Nicht kommerziell",
    "by-nc-sa": "Namensnennung – Nicht kommerziell – Weitergabe unter gleichen Bedingungen",
    "by-nc-nd": "Namensnennung – Nicht kommerziell – Keine Bearbeitungen",
}
CC_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
# Ported licences before 4.0 name the country they were adapted to.
CC_PORTS = {"de": "Deutschland", "at": "Österreich", "ch": "Schweiz"}
CC_HOST = "creativecommons.org"
CC_PATH = re.compile(
    r"^/licenses/(?P<code>by(?:-nc)?(?:-sa|-nd)?)/(?P<version>\d\.\d)(?:/(?P<port>[a-z]{2}))?"
    r"/?(?:(?:deed|legalcode)(?:\.[a-z-]+)?)?$",
    re.IGNORECASE,
)
CC_ZERO_PATH = re.compile(r"^/publicdomain/zero/1\.0/?(?:(?:deed|legalcode)(?:\.[a-z-]+)?)?$")
# „CC BY 4.0“, „CC BY-SA 4.0“, „CC0 1.0“: the short names editors write instead of the address.
CC_SHORT = re.compile(r"^CC[ -](?P<code>BY(?:-NC)?(?:-SA|-ND)?)[ -](?P<version>\d\.\d)$", re.I)
CC_ZERO_SHORT = re.compile(r"^CC0(?: 1\.0)?$", re.IGNORECASE)
ADDRESS_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|www\.)", re.IGNORECASE)
NOTE_MAX_CHARS = 300


@dataclass(frozen=True)
class Licence:
    """A photo's terms of use: ``url`` for a licence address, else only the ``text``."""

    text: str  # the German name of a known licence, the address, or the usage note
    url: str = ""
    short: str = ""  # „CC BY 4.0“ for a Creative Commons licence

    @property
    def is_note(self) -> bool:
        return not self.url


def cc_licence(code: str, version: str, port: str | None = None) -> Licence | None:
    code = code.lower()
    if code not in CC_ELEMENTS or version not in CC_VERSIONS:
        return None
    short = f"CC {code.upper()} {version}"
    if version == "4.0":
        scope = "International"
    elif port:
        scope = CC_PORTS.get(port.lower(), port.upper())
    else:
        scope = "Unported" if version == "3.0" else "Generic"
    name = f"Creative Commons {CC_ELEMENTS[code]} {version}"
    name = f"{name} {scope}".strip()
    suffix = f"{port.lower()}/" if port else ""
    url = f"https://{CC_HOST}/licenses/{code}/{version}/{suffix}"
    return Licence(text=f"{name} ({short})", url=url, short=short)


CC_ZERO = Licence(
    text="CC0 1.0 Universell (Verzicht auf Urheberrechte)",
    url=f"https://{CC_HOST}/publicdomain/zero/1.0/",
    short="CC0 1.0",
)


def known_licence(value: str) -> Licence | None:
    """The Creative Commons licence an address or short name stands for, if it is one."""
    if match := CC_SHORT.match(value):
        return cc_licence(match["code"], match["version"])
    if CC_ZERO_SHORT.match(value):
        return CC_ZERO
    parts = urlsplit(value)
    if (parts.hostname or "").lower().removeprefix("www.") != CC_HOST:
        return None
    if match := CC_PATH.match(parts.path):
        return cc_licence(match["code"], match["version"], match["port"])
    if CC_ZERO_PATH.match(parts.path):
        return CC_ZERO
    return None


def looks_like_address(value: str) -> bool:
    return bool(ADDRESS_LIKE.match(value.strip()))


def licence_problem(value: str) -> tuple[str, str] | None:
    """Why ``Image-License`` cannot be taken as it is: (message, hint), or None."""
    value = value.strip()
    if looks_like_address(value):
        if known_licence(value) is not None:
            return None
        problem = web_address_problem(value, ("https", "http"))
        if problem is not None:
            return (
                f"„{value}“ ist keine Internetadresse einer Lizenz: Sie {problem}.",
                "Schreiben Sie die Adresse der Lizenz mit https://, z. B. "
                "„https://creativecommons.org/licenses/by/4.0/“, oder die Nutzungsbedingung "
                "als Text, z. B. „honorarfrei für die Berichterstattung über NorderstedtGO!“.",
            )
        return None
    if len(value) > NOTE_MAX_CHARS:
        return (
            f"Die Nutzungsbedingung ist {len(value)} Zeichen lang, erlaubt sind höchstens "
            f"{NOTE_MAX_CHARS}.",
            "Fassen Sie sie in einem Satz, z. B. „honorarfrei für die Berichterstattung über "
            "NorderstedtGO!“; Einzelheiten gehören in den Text.",
        )
    return None


def describe_licence(value: str) -> Licence | None:
    """The :class:`Licence` of a checked ``Image-License`` value; None when it is empty."""
    value = plain_text(value or "")
    if not value:
        return None
    known = known_licence(value)
    if known is not None:
        return known
    if looks_like_address(value):
        # Only a checked web address becomes a link; anything else stays text.
        usable = web_address_problem(value, ("https", "http")) is None
        return Licence(text=value, url=value if usable else "")
    return Licence(text=value)


def attach_licence(content: Any) -> None:
    """Signal ``content_object_init``: ``.photo_licence`` on a press release with a photo."""
    metadata = getattr(content, "metadata", {})
    if metadata.get("image") and metadata.get("image-license"):
        content.photo_licence = describe_licence(str(metadata["image-license"]))
