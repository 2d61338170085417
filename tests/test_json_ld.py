"""schema.org JSON-LD is built in one module (core/json_ld.py); its output is what the pages
carry, checked on built sites in test_structured_data, test_contacts and test_events."""

import ast
from pathlib import Path

from newsroom.core import json_ld

PACKAGE = Path(json_ld.__file__).parent.parent
JSON_LD_KEYS = {"@context", "@type", "@graph", "@id"}


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)} - {None}


def test_no_module_but_the_core_builds_json_ld():
    builders = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if JSON_LD_KEYS & string_constants(path)
    )
    assert builders == ["core/json_ld.py"]


class Address:
    street = ""
    postal_code = "22846"
    city = "Norderstedt"
    country = "DE"


class Organisation:
    name = "Stadtwerke Norderstedt"
    short_name = "SWN"
    web = "https://www.stadtwerke-norderstedt.de"
    address = Address()


def test_organisation_leaves_out_what_is_not_given():
    data = json_ld.organisation(Organisation())
    assert data["address"] == {
        "@type": "PostalAddress",
        "postalCode": "22846",
        "addressLocality": "Norderstedt",
        "addressCountry": "DE",
    }
    assert data["alternateName"] == "SWN"


def test_publisher_without_logo_and_members_has_neither():
    data = json_ld.publisher("NorderstedtGO!", "https://presse.example/")
    assert data == {
        "@type": "Organization",
        "name": "NorderstedtGO!",
        "url": "https://presse.example/",
    }
    assert json_ld.with_context(data)["@context"] == "https://schema.org"
