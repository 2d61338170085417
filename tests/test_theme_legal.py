"""The pages German law requires of a public body's site, and the operator data behind them:
shown as „fehlt noch“ while developing, a stop for the production build."""

from __future__ import annotations

import pytest

LEGAL = ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"]
LEGAL += ["/gebaerdensprache/"]


def facts(build, url: str) -> dict[str, str]:
    found = {}
    for item in build.html(url).select(".operator-facts__item"):
        label = item.find("dt").get_text(" ", strip=True)
        found[label] = item.find("dd").get_text(" ", strip=True)
    return found


@pytest.mark.parametrize("url", LEGAL)
def test_legal_pages_exist_in_german(site, url):
    page = site.html(url)
    main = page.find("main")
    assert main.find("h1")
    assert len(main.get_text(" ", strip=True)) > 600, url
    assert page.html["lang"] == "de"


def test_real_impressum_marks_missing_entries_in_development(site):
    shown = facts(site, "/impressum/")
    assert shown["Anbieter"] == "fehlt noch"
    assert shown["Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"] == "fehlt noch"
    note = site.html("/impressum/").find(class_="notice")
    assert "Pflichtangaben fehlen noch" in note.get_text(" ", strip=True)
    assert "content/daten/betreiber.yaml" in note.get_text(" ", strip=True)


def test_filled_in_data_is_shown_without_marks(build_site):
    build = build_site()
    assert build.ok, build.messages
    impressum = facts(build, "/impressum/")
    assert impressum["Anbieter"] == "Beispiel-Anbieter (Testdaten)"
    assert impressum["Anschrift"] == "Beispielstraße 1 00000 Beispielstadt"
    mail = build.html("/impressum/").find("a", href="mailto:impressum@example.org")
    assert mail.get_text() == "impressum@example.org"
    assert "Umsatzsteuer-Identifikationsnummer (§ 27a UStG)" not in impressum  # none given
    for url in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert "fehlt noch" not in build.html(url).find("main").get_text(), url
        assert not build.html(url).find(class_="notice"), url
    assert facts(build, "/datenschutz/")["Speicherdauer der Server-Protokolle"].startswith("7 Tage")
    assert facts(build, "/barrierefreiheit/")["Datum der Bewertung"].startswith("1. Januar 2000")


def test_production_build_stops_while_an_impressum_entry_is_empty(build_site):
    build = build_site("theme-betreiber-leer", settings="publishconf.py")
    assert not build.ok
    assert not build.output.exists()
    problems = [line for line in build.messages.splitlines() if line.startswith("Fehler:")]
    assert len(problems) == 2, build.messages
    anbieter = next(line for line in problems if "„anbieter“" in line)
    assert "daten/betreiber.yaml:1:" in anbieter
    assert "„Anbieter“ ist leer" in anbieter
    assert "Tragen Sie „anbieter: …“" in anbieter
    assert any("„e_mail“" in line and "betreiber.yaml:7:" in line for line in problems)
    assert "Traceback" not in build.messages


def test_development_build_of_the_same_data_succeeds(build_site):
    build = build_site("theme-betreiber-leer")
    assert build.ok, build.messages
    assert facts(build, "/impressum/")["Anbieter"] == "fehlt noch"
    assert facts(build, "/impressum/")["E-Mail"] == "fehlt noch"


def test_unknown_entry_and_bad_address_are_errors_even_in_development(build_site):
    build = build_site("theme-betreiber-tippfehler")
    assert not build.ok
    assert not build.output.exists()
    line = next(m for m in build.messages.splitlines() if "hostin" in m)
    assert line.startswith("Fehler: ")
    assert "betreiber.yaml:19:" in line
    assert "Meinten Sie „hosting“?" in line
    line = next(m for m in build.messages.splitlines() if "barrieren_e_mail" in m)
    assert "betreiber.yaml:21:" in line
    assert "„barrierefrei(at)example.org“ ist keine gültige E-Mail-Adresse." in line


def test_datenschutz_names_what_matters(site):
    text = " ".join(site.html("/datenschutz/").find("main").get_text().split())
    for phrase in (
        "keine Cookies",
        "keine Analyse- oder Tracking-Werkzeuge",
        "Server-Protokolle",
        "Art. 15 DSGVO",
        "Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein (ULD)",
    ):
        assert phrase in text, phrase


def test_barrierefreiheit_gives_status_method_contact_and_complaints_office(site):
    main = site.html("/barrierefreiheit/").find("main")
    text = main.get_text(" ", strip=True)
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    assert headings == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Barrieren melden: Kontakt",
        "Durchsetzungsverfahren: Beschwerdestelle",
    ]
    assert "Selbstbewertung" in text
    assert "Beschwerdestelle für barrierefreie Informationstechnik Schleswig-Holstein" in text
    assert "kein Formular und kein JavaScript" in text
    labels = set(facts(site, "/barrierefreiheit/"))
    assert {"E-Mail für Hinweise auf Barrieren", "Datum der Bewertung"} <= labels


def test_leichte_sprache_uses_short_sentences(site):
    main = site.html("/leichte-sprache/").find("main")
    paragraphs = [p.get_text(" ", strip=True) for p in main.select(".prose p")]
    sentences = [s for p in paragraphs for s in p.replace("!", ".").split(".") if s.strip()]
    assert sentences
    assert max(len(s.split()) for s in sentences) <= 15
