"""Press contacts: the registry, the blocks on press releases and pages, the directory and vCards.

Bad input lives in scenario folders ``tests/content/kontakte-*``: each build must fail as a
whole with one German line per problem naming the file, its line, the field and the fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import phonenumbers
import pytest
import vobject
import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "content" / "daten" / "kontakte.yaml"
SCENARIOS = Path(__file__).resolve().parent / "content"
RELEASE = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
PROJECT = "/projekte/digitalisierungsstrategie/"
DIRECTORY = "/pressekontakte/"


def registry(path: Path = REGISTRY) -> tuple[dict, dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    organisations = {entry["id"]: entry for entry in data["organisationen"]}
    people = {entry["id"]: entry for entry in data["personen"]}
    return organisations, people


def e164(number: str) -> str:
    parsed = phonenumbers.parse(number, "DE")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def card_facts(card) -> dict[str, str]:
    """What an h-card shows, by microformat class."""

    def text(css_class: str) -> str | None:
        found = card.find(class_=css_class)
        if found is None:
            return None
        return found.get("value") if found.name == "data" else found.get_text(" ", strip=True)

    tel = card.find("a", class_="p-tel")
    email = card.find("a", class_="u-email")
    return {
        "org": text("p-org"),
        "name": text("p-name"),
        "role": text("p-job-title"),
        "tel": tel["href"] if tel else None,
        "phone": tel.get_text(strip=True) if tel else None,
        "email": email["href"] if email else None,
    }


def contact_section(page):
    sections = page.find("main").find_all("section", class_="contact-block")
    assert len(sections) == 1
    return sections[0]


def people_json_ld(build, url: str) -> list[dict]:
    return [data for data in build.json_ld(url) if data.get("@type") == "Person"]


def line_of(path: Path, text: str) -> int:
    """The last line of a scenario file holding ``text``: where the error message must point."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, start=1) if text in line][-1]


def assert_content_error(build, *expected: str) -> None:
    assert build.returncode == 1, build.messages
    assert "Traceback" not in build.messages
    assert "Die Website wurde nicht gebaut" in build.messages
    assert not build.output.exists()
    for fragment in expected:
        assert fragment in build.messages, f"{fragment!r} fehlt in:\n{build.messages}"


# --- The seed press release and the project pages -------------------------------------------


@pytest.fixture(scope="module")
def release(site):
    return site.html(RELEASE)


def test_seed_release_ends_with_the_two_contact_blocks_of_the_seed(release):
    section = contact_section(release)
    # in the side column, under its heading „Für Redaktionen“
    assert section.find_parent("aside").find("h2").get_text(strip=True) == "Für Redaktionen"
    assert section.find("h3").get_text(strip=True) == "Pressekontakt"
    cards = [card_facts(card) for card in section.find_all(class_="h-card")]
    assert cards == [
        {
            "org": "Stadtwerke Norderstedt",
            "name": "Mirjam Bantle",
            "role": "Nachhaltigkeitskommunikation",
            "tel": "tel:+4940521042900",
            "phone": "040 52104-2900",
            "email": "mailto:mbantle@stadtwerke-norderstedt.de",
        },
        {
            "org": "Entwicklungsgesellschaft Norderstedt",
            "name": "Keno Kramer",
            "role": "Unternehmenskommunikation",
            "tel": "tel:+494053540624",
            "phone": "040 535406-24",
            "email": "mailto:kramer@egno.de",
        },
    ]


def test_contact_blocks_follow_the_text_and_precede_the_topics(release):
    main = release.find("main")
    order = list(main.descendants)
    body = main.find(class_="press-release__body")
    section = contact_section(release)
    topics = main.find("h2", string="Themen")
    assert order.index(body) < order.index(section) < order.index(topics)
    # The lines of each block in the seed's order: organisation, name, role, phone, e-mail.
    first = section.find(class_="h-card").get_text(" ", strip=True)
    assert first.startswith(
        "Stadtwerke Norderstedt Mirjam Bantle Nachhaltigkeitskommunikation "
        "Telefon: 040 52104-2900 E-Mail: mbantle@stadtwerke-norderstedt.de"
    )


def test_each_block_offers_the_vcard(site, release):
    links = [
        a["href"] for a in contact_section(release).find_all("a") if a["href"].endswith(".vcf")
    ]
    assert links == ["/pressekontakte/mirjam-bantle.vcf", "/pressekontakte/keno-kramer.vcf"]
    for link in links:
        assert site.path(link).is_file()


def test_blocks_carry_schema_org_persons(site):
    people = people_json_ld(site, RELEASE)
    assert [person["name"] for person in people] == ["Mirjam Bantle", "Keno Kramer"]
    mirjam, keno = people
    assert mirjam["@context"] == "https://schema.org"
    assert mirjam["jobTitle"] == "Nachhaltigkeitskommunikation"
    assert mirjam["worksFor"] == {
        "@type": "Organization",
        "name": "Stadtwerke Norderstedt",
        "url": "https://www.stadtwerke-norderstedt.de/",
    }
    assert mirjam["contactPoint"]["@type"] == "ContactPoint"
    assert mirjam["contactPoint"]["telephone"] == "+4940521042900"
    assert mirjam["contactPoint"]["email"] == "mbantle@stadtwerke-norderstedt.de"
    assert keno["worksFor"]["name"] == "Entwicklungsgesellschaft Norderstedt"
    assert keno["worksFor"]["alternateName"] == "EGNO"
    assert keno["contactPoint"]["telephone"] == "+494053540624"


def test_project_page_block_is_headed_kontakt(site):
    page = site.html(PROJECT)
    section = contact_section(page)
    assert section.find("h2").get_text(strip=True) == "Kontakt"
    [card] = [card_facts(card) for card in section.find_all(class_="h-card")]
    assert card == {
        "org": "Stadt Norderstedt",
        "name": "Sonja Bahnsen",
        "role": "Chief Digital Officer",
        "tel": None,  # the registry has no phone for her: no empty link
        "phone": None,
        "email": "mailto:digitalisierung@norderstedt.de",
    }
    assert "Telefon" not in section.get_text()
    assert [p["contactPoint"]["contactType"] for p in people_json_ld(site, PROJECT)] == ["Kontakt"]


def test_pages_without_contacts_have_no_block(site):
    page = site.html("/projekte/")
    assert page.find(class_="contact-block") is None


# --- The directory and the vCards -----------------------------------------------------------


def test_directory_lists_everyone_grouped_by_organisation(site):
    organisations, people = registry()
    page = site.html(DIRECTORY)
    main = page.find("main")
    assert main.find("h1").get_text(strip=True) == "Pressekontakte"
    groups = main.find_all("section", class_="contact-directory__organisation")
    headings = [group.find("h2").get_text(" ", strip=True) for group in groups]
    assert headings == [
        "Stadtwerke Norderstedt",
        "Entwicklungsgesellschaft Norderstedt (EGNO)",
        "Stadt Norderstedt",
    ]
    for group, organisation_id in zip(groups, organisations, strict=True):
        names = [h3.get_text(strip=True) for h3 in group.find_all("h3", class_="p-name")]
        expected = [p["name"] for p in people.values() if p["organisation"] == organisation_id]
        assert names == expected
        for card in group.find_all(class_="h-card"):
            assert card_facts(card)["org"] == organisations[organisation_id]["name"]
    for person_id, person in people.items():
        section = main.find(id=person_id)
        assert section.find("a", href=f"/pressekontakte/{person_id}.vcf")
        assert section.find("a", href=f"mailto:{person['email']}")


def test_directory_names_the_releases_of_each_person(site):
    main = site.html(DIRECTORY).find("main")
    for person_id in ("mirjam-bantle", "keno-kramer"):
        releases = main.find(id=person_id).find("ul", class_="contact-directory__releases")
        assert [a["href"] for a in releases.find_all("a")] == [RELEASE]
        assert "13. Januar 2022" in releases.get_text()
    # No press release names Sonja Bahnsen (yet): no empty list.
    assert main.find(id="sonja-bahnsen").find("ul") is None


def test_directory_carries_one_json_ld_graph(site):
    # Other capabilities may describe the page too (breadcrumb, web page): ours is the graph.
    [graph] = [data for data in site.json_ld(DIRECTORY) if "@graph" in data]
    names = [entry["name"] for entry in graph["@graph"]]
    assert names == ["Mirjam Bantle", "Keno Kramer", "Sonja Bahnsen"]
    assert all(entry["@type"] == "Person" for entry in graph["@graph"])


def test_navigation_leads_to_the_directory(site):
    nav = site.html(RELEASE).find("nav", attrs={"aria-label": "Hauptnavigation"})
    assert nav.find("a", href="/pressekontakte/").get_text(strip=True) == "Pressekontakte"


def test_vcards_parse_back_to_the_registry(site):
    organisations, people = registry()
    vcards = sorted(f for f in site.files() if f.endswith(".vcf"))
    assert vcards == sorted(f"pressekontakte/{person_id}.vcf" for person_id in people)
    for person_id, person in people.items():
        raw = site.path(f"/pressekontakte/{person_id}.vcf").read_bytes()
        assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
        card = vobject.readOne(raw.decode("utf-8"))
        organisation = organisations[person["organisation"]]
        assert card.fn.value == person["name"]
        assert card.n.value.given == person["vorname"]
        assert card.n.value.family == person["nachname"]
        assert card.org.value == [organisation["name"]]
        assert card.title.value == person["rolle"]
        assert card.email.value == person["email"]
        assert card.url.value == organisation["web"]
        if "telefon" in person:
            assert card.tel.value == e164(person["telefon"])
        else:
            assert "tel" not in card.contents


def test_vcards_keep_umlauts_and_the_postal_address(build_site):
    build = build_site("kontakte-verzeichnis")
    assert build.ok, build.messages
    raw = build.path("/pressekontakte/joern-groessler.vcf").read_bytes()
    assert "Jörn Größler".encode() in raw
    card = vobject.readOne(raw.decode("utf-8"))
    assert card.fn.value == "Jörn Größler"
    assert (card.n.value.given, card.n.value.family) == ("Jörn", "Größler")
    assert card.title.value == "Öffentlichkeitsarbeit und Bürgerbeteiligung"
    assert card.tel.value == "+494053595123"
    address = card.adr.value
    assert (address.street, address.code, address.city) == (
        "Rathausallee 50",
        "22846",
        "Norderstedt",
    )

    main = build.html(DIRECTORY).find("main")
    person = main.find(id="joern-groessler")
    # Newest first; the draft that names him is published nowhere, so it is not listed.
    assert [
        a.get_text(strip=True)
        for a in person.find_all("a", href=re.compile("^/pressemitteilungen/"))
    ] == [
        "Bürgerbeteiligung zur Digitalisierungsstrategie startet",
        "Zukunftsbotschafterinnen und Zukunftsbotschafter gesucht",
    ]
    assert "22846 Norderstedt" in main.get_text(" ", strip=True)
    assert "Entwurf" not in main.get_text()

    # The blocks follow the order of „Contacts:“, not the registry's.
    release = build.html("/pressemitteilungen/2023/buergerbeteiligung-startet/")
    names = [card_facts(c)["name"] for c in contact_section(release).find_all(class_="h-card")]
    assert names == ["Jörn Größler", "Mirjam Bantle"]
    # The short line under the lead names the first contact and what its jump leads to: the
    # other contacts, or the one contact's e-mail and vCard; the press kit in both cases.
    jump = release.find(class_="quick-contact").find("a", href="#kontakt-ueberschrift")
    assert jump.get_text() == "alle Kontakte und Downloads"
    single = build.html("/pressemitteilungen/2022/zukunftsbotschafter-gesucht/")
    line = single.find(class_="quick-contact")
    assert line.get_text(" ", strip=True).startswith("Pressekontakt: Jörn Größler (")
    jump = line.find("a", href="#kontakt-ueberschrift")
    assert jump.get_text() == "E-Mail, vCard und Downloads"
    assert single.find(id="downloads") is not None
    people = people_json_ld(build, "/pressemitteilungen/2023/buergerbeteiligung-startet/")
    assert people[0]["worksFor"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Rathausallee 50",
        "postalCode": "22846",
        "addressLocality": "Norderstedt",
        "addressCountry": "DE",
    }


# --- Bad input: the build fails with the file, the line, the field and the fix ---------------


def test_unknown_contact_id_in_a_press_release(build_site):
    build = build_site("kontakte-unbekannte-id")
    source = (
        SCENARIOS
        / "kontakte-unbekannte-id/pressemitteilungen/2022/2022-02-01-kontakt-tippfehler.md"
    )
    assert_content_error(
        build,
        f"2022-02-01-kontakt-tippfehler.md:{line_of(source, 'Contacts:')}",
        "Feld „Contacts“",
        "„keno-kramr“",
        "Meinten Sie „keno-kramer“?",
    )


REGISTRY_ERRORS = {
    "kontakte-doppelte-id": (
        "- id: keno-kramer",  # the second entry with this id
        "Feld „id“",
        "Die id „keno-kramer“ ist schon in Zeile",
        "Jede id darf nur einmal vorkommen",
    ),
    "kontakte-unbekannte-organisation": (
        "organisation: egon",
        "Feld „organisation“",
        "„egon“",
        "Meinten Sie „egno“?",
    ),
    "kontakte-fehlender-name": (
        "- id: keno-kramer",
        "Feld „name“",
        "„keno-kramer“",
        "Ergänzen Sie beim Eintrag „name: …“",
    ),
    "kontakte-falsche-telefonnummer": (
        "telefon: 040 / 521 04 – 29OO",
        "Feld „telefon“",
        "„040 / 521 04 – 29OO“",
        "Schreiben Sie die Nummer mit Vorwahl",
    ),
    "kontakte-falsche-email": (
        "email: kramer(at)egno.de",
        "Feld „email“",
        "„kramer(at)egno.de“",
        "name@beispiel.de",
    ),
    "kontakte-unbekanntes-feld": (
        "telfon: 040 / 535 406 - 24",
        "Feld „telfon“",
        "kein bekanntes Feld für eine Person",
        "Meinten Sie „telefon:“?",
    ),
    "kontakte-yaml-fehler": (
        "   rolle: Unternehmenskommunikation",
        "kein gültiges YAML",
        "Prüfen Sie dort die Einrückung",
    ),
}


@pytest.mark.parametrize("scenario", sorted(REGISTRY_ERRORS))
def test_bad_registry_fails_the_build(build_site, scenario):
    marker, *expected = REGISTRY_ERRORS[scenario]
    line = line_of(SCENARIOS / scenario / "daten" / "kontakte.yaml", marker)
    build = build_site(scenario)
    assert_content_error(build, f"daten/kontakte.yaml:{line}:", *expected)


def test_all_errors_of_one_build_are_reported_together(build_site):
    build = build_site("kontakte-zwei-fehler")
    page = SCENARIOS / "kontakte-zwei-fehler" / "projekte" / "digitalisierungsstrategie.md"
    assert_content_error(
        build,
        f"projekte/digitalisierungsstrategie.md:{line_of(page, 'Contacts:')}",
        "„sonja-bahnson“",
        "Meinten Sie „sonja-bahnsen“?",
        "Feld „email“",
        "„kramer(at)egno.de“",
    )
    problems = [line for line in build.messages.splitlines() if line.startswith("Fehler: ")]
    assert any("digitalisierungsstrategie.md" in line for line in problems)
    assert any("kontakte.yaml" in line for line in problems)
