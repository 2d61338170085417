"""The CMS configuration (``admin/config.yml``), generated from the schema, the contact registry,
the events and the topics of the site: the browser offers exactly what ``make check`` accepts.

Every field of ``core.schema`` becomes a field of its collection under its own name in lower
case (``title``, ``date`` …: Pelican reads header names in any case, and Decap finds its title
and date fields, which name the files, only so); the Pelican format of
``static/pelican-format.js`` writes them back in the schema's spelling. A schema field this
module has no widget or label for is an error, not a gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..core import checks, schema
from ..core.settings import capability_settings
from ..core.sources import MARKUP, MARKUP_HINT
from ..events import model as events

BACKENDS = ("", "local", "gitlab")
FORMAT = "pelican"
BODY = "body"
# Fields of one photo: the CMS asks for them together, as one optional group.
PHOTO_GROUP = "pressefoto"
PHOTO_FIELDS = ("Image", "Image-Alt", "Image-Credit", "Image-License")
PHOTO_REQUIRED = ("Image", "Image-Alt", "Image-Credit", "Image-License")
# Separators of the fields that hold several values, as schema.py describes them.
LIST_SEPARATORS = {"durch Kommas getrennt": ", ", "durch Semikolons getrennt": "; "}

LABELS = {
    "Title": "Titel",
    "Date": "Datum (Sperrfrist, wenn in der Zukunft)",
    "Modified": "Aktualisiert am",
    "Modified-Note": "Was wurde aktualisiert? (eine Zeile)",
    "Slug": "Adresse (Slug)",
    "Summary": "Vorspann",
    "Location": "Ort",
    "Tags": "Themen",
    "Contacts": "Pressekontakte",
    "Events": "Veranstaltungen",
    "Image": "Bild",
    "Image-Alt": "Alternativtext",
    "Image-Credit": "Bildnachweis",
    "Image-License": "Lizenz",
    "Status": "Status",
    "Project-Status": "Projektstand",
    "Order": "Reihenfolge",
    "Start": "Beginn",
    "End": "Ende",
    "Online-URL": "Online-Adresse",
    "Organizer": "Veranstalter",
    "Registration": "Anmeldung",
    "Admission": "Eintritt",
    "Guests": "Gäste",
}
STATUS_LABELS = {
    "published": "veröffentlicht",
    "draft": "Entwurf (wird nicht veröffentlicht)",
    "hidden": "versteckt (nur über die Adresse erreichbar)",
    "scheduled": "findet statt",
    "cancelled": "abgesagt",
    "postponed": "verschoben",
}
PLAIN_TEXT = (
    "Title",
    "Location",
    "Image-Alt",
    "Image-Credit",
    "Image-License",
    "Modified-Note",
    "Project-Status",
    "Admission",
    "Guests",
)
# What the check refuses in a text field (markup), refused already while typing.
NO_MARKUP = f"^(?![\\s\\S]*{MARKUP.pattern})[\\s\\S]*$"
WEB_ADDRESS = ("^https?://\\S+$", "Eine Webadresse, beginnend mit https://")
COLLECTIONS = {
    schema.PRESS_RELEASE: ("pressemitteilungen", "Pressemitteilungen", "Pressemitteilung"),
    schema.EVENT: ("veranstaltungen", "Veranstaltungen", "Veranstaltung"),
    schema.PAGE: ("projekte", "Projektseiten", "Projektseite"),
}


def cms_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """``CMS_*`` over the defaults (``capability.py``), keys lower-case."""
    return capability_settings(settings, "CMS")


def settings_problem(config: Mapping[str, Any], preview_allowed: bool) -> str | None:
    """What is wrong with the CMS settings, in German, or None."""
    backend = config["backend"]
    if backend not in BACKENDS:
        return f"CMS_BACKEND: „{backend}“ gibt es nicht. Möglich: „local“, „gitlab“ oder leer."
    if backend == "local" and not preview_allowed:
        return (
            "CMS_BACKEND: „local“ schreibt in die Dateien dieses Rechners und gehört nur zu "
            "`make redaktion`, nie in einen Produktions-Build. Für die Website: „gitlab“."
        )
    if backend == "gitlab":
        for name in ("gitlab_project", "gitlab_app_id"):
            if not str(config[name]).strip():
                return (
                    f"CMS_{name.upper()} fehlt: Mit CMS_BACKEND „gitlab“ braucht die Redaktion "
                    "das Projekt (Gruppe/Projekt) und die Application ID der GitLab-Anwendung "
                    "(docs/REDAKTION.md, „Betrieb“)."
                )
        parts = urlsplit(str(config["gitlab_url"]))
        if parts.scheme != "https" or not parts.netloc or parts.path not in ("", "/"):
            return (
                f"CMS_GITLAB_URL: „{config['gitlab_url']}“ ist keine Adresse eines GitLab-Servers. "
                "Beispiel: https://gitlab.opencode.de"
            )
    return None


def git_host(config: Mapping[str, Any]) -> str:
    """The one origin besides the site the admin page talks to."""
    if config["backend"] == "local":
        return f"http://{config['local_host']}:{config['local_port']}"
    parts = urlsplit(str(config["gitlab_url"]))
    return f"{parts.scheme}://{parts.netloc}"


def backend(config: Mapping[str, Any]) -> dict[str, Any]:
    if config["backend"] == "local":
        return {
            "name": "proxy",
            "proxy_url": f"{git_host(config)}/api/v1",
            "branch": config["branch"],
        }
    host = git_host(config)
    return {
        "name": "gitlab",
        "repo": str(config["gitlab_project"]).strip(),
        "branch": config["branch"],
        "auth_type": "pkce",
        "app_id": str(config["gitlab_app_id"]).strip(),
        "base_url": host,
        "api_root": f"{host}/api/v4",
        "auth_endpoint": "oauth/authorize",
        "commit_messages": {
            "create": "Neu: {{collection}} „{{slug}}“",
            "update": "Geändert: {{collection}} „{{slug}}“",
            "delete": "Gelöscht: {{collection}} „{{slug}}“",
            "uploadMedia": "Bild hochgeladen: {{path}}",
            "deleteMedia": "Bild gelöscht: {{path}}",
        },
    }


def field_name(schema_name: str) -> str:
    """The CMS's name of a schema field: ``Image-Alt`` → ``image-alt``."""
    return schema_name.lower()


def list_separator(spec: schema.FieldSpec) -> str | None:
    for words, separator in LIST_SEPARATORS.items():
        if words in spec.form:
            return separator
    return None


def status_values(kind: str) -> tuple[str, ...]:
    if kind == schema.EVENT:
        return tuple(events.STATUSES)
    return checks.STATUS_VALUES[kind]


def options(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"label": label, "value": value} for value, label in pairs]


def widget(
    kind: str, spec: schema.FieldSpec, choices: Mapping[str, list[tuple[str, str]]]
) -> dict[str, Any]:
    """The Decap widget of one schema field, with what makes a wrong value impossible."""
    name = spec.name
    field: dict[str, Any] = {
        "name": field_name(name),
        "label": LABELS[name],
        "required": spec.required,
    }
    field["hint"] = spec.form
    if name in ("Date", "Start", "End", "Modified"):
        timed = "HH:MM" in spec.form
        field |= {
            "widget": "datetime",
            "format": "YYYY-MM-DD HH:mm" if timed else "YYYY-MM-DD",
            "date_format": "DD.MM.YYYY",
            "time_format": "HH:mm" if timed else False,
            "picker_utc": False,
        }
        if name in ("Date", "Start"):
            field["default"] = "{{now}}"
    elif name == "Slug":
        field |= {
            "widget": "string",
            "pattern": [schema.SLUG_RE.pattern, "Nur Kleinbuchstaben, Ziffern und Bindestriche"],
        }
    elif name == "Summary":
        field["widget"] = "text"
    elif name in ("Tags", "Contacts", "Organizer"):
        source = {"Tags": "topics", "Contacts": "people", "Organizer": "organisations"}[name]
        field |= {"widget": "select", "multiple": True, "options": options(choices[source])}
    elif name == "Events":
        field |= {
            "widget": "relation",
            "collection": COLLECTIONS[schema.EVENT][0],
            "value_field": "slug",
            "search_fields": ["title", "slug"],
            "display_fields": ["title"],
            "multiple": True,
        }
    elif name == "Image":
        field["widget"] = "image"
        field["choose_url"] = False
    elif name == "Status":
        values = status_values(kind)
        field |= {
            "widget": "select",
            "options": options((value, STATUS_LABELS[value]) for value in values),
        }
        if kind != schema.EVENT:
            field["default"] = "draft"
    elif name == "Order":
        field |= {"widget": "number", "value_type": "int"}
    elif name in ("Online-URL", "Registration"):
        field |= {"widget": "string", "pattern": list(WEB_ADDRESS)}
    elif name in PLAIN_TEXT:
        field |= {"widget": "string", "pattern": [NO_MARKUP, MARKUP_HINT]}
    else:
        raise KeyError(f"Kein Eingabefeld für „{name}“ ({kind}) in newsroom/cms/config.py")
    if name == "Location" and kind == schema.PRESS_RELEASE:
        field["default"] = "Norderstedt"
    return field


def fields(kind: str, choices: Mapping[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
    """The collection's fields in schema order; the photo fields as one optional group."""
    result: list[dict[str, Any]] = []
    photo: list[dict[str, Any]] = []
    for spec in schema.FIELDS[kind]:
        field = widget(kind, spec, choices)
        if spec.name in PHOTO_FIELDS:
            field["required"] = spec.name in PHOTO_REQUIRED
            photo.append(field)
            if len(photo) == 1:
                result.append({"name": PHOTO_GROUP})  # placeholder, filled below
            continue
        result.append(field)
    if photo:
        group = {
            "name": PHOTO_GROUP,
            "label": "Pressefoto (mit Alternativtext und Bildnachweis)",
            "label_singular": "Pressefoto",
            "widget": "list",
            "required": False,
            "max": 1,
            "collapsed": False,
            "summary": "{{fields.image}}",
            "fields": photo,
        }
        result = [group if f == {"name": PHOTO_GROUP} else f for f in result]
    result.append(
        {
            "name": BODY,
            "label": "Text",
            "widget": "markdown",
            "required": True,
            # Raw first: the file is written back as it was typed, nothing reformatted.
            "modes": ["raw", "rich_text"],
            "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote"],
            "editor_components": [],
        }
    )
    return result


def collection(kind: str, config: Mapping[str, Any], settings: Mapping[str, Any], choices):
    name, label, singular = COLLECTIONS[kind]
    content = str(config["content_folder"]).strip("/")
    media = f"/{content}/{config['media_folder']}/{{{{year}}}}"
    base: dict[str, Any] = {
        "name": name,
        "label": label,
        "label_singular": singular,
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": False,
        "identifier_field": "title",
        "summary": "{{fields.title}}",
        "fields": fields(kind, choices),
    }
    if kind == schema.PRESS_RELEASE:
        base |= {
            "folder": f"{content}/{settings['ARTICLE_PATHS'][0]}",
            # {{year}} … are the entry's own date (the field "date"), not the day of writing.
            "slug": "{{year}}-{{month}}-{{day}}-{{fields.slug}}",
            "path": "{{year}}/{{slug}}",
            "summary": "{{fields.date | date('DD.MM.YYYY')}} – {{fields.title}}",
            "sortable_fields": ["date", "title"],
            "media_folder": media,
            "public_folder": f"{{static}}/{config['media_folder']}/{{{{year}}}}",
        }
    elif kind == schema.EVENT:
        events_folder = capability_settings(settings, "EVENTS")["path"]
        base |= {
            "folder": f"{content}/{events_folder}",
            "slug": "{{fields.start | date('YYYY-MM-DD')}}-{{fields.slug}}",
            "summary": "{{fields.start | date('DD.MM.YYYY')}} – {{fields.title}}",
            "sortable_fields": ["start", "title"],
        }
    else:
        base |= {"folder": f"{content}/projekte", "slug": "{{fields.slug}}"}
    return base


def choices_of(registry: Any, topics: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """The values the selects offer: people, organisations (from the registry) and topics."""
    people = [
        (person.id, f"{person.name} ({person.organisation.name})")
        for person in registry.people.values()
    ]
    organisations = [(org.id, org.name) for org in registry.organisations.values()]
    topic_list = sorted(set(topics), key=lambda topic: (topic.casefold(), topic))
    return {
        "people": people,
        "organisations": organisations,
        "topics": [(topic, topic) for topic in topic_list],
    }


def topics_of(sources: Mapping[str, list[Any]]) -> list[str]:
    found = []
    for files in sources.values():
        for source in files:
            found += [tag.strip() for tag in re.split(r",", source.value("Tags")) if tag.strip()]
    return found


def cms_config(
    config: Mapping[str, Any], settings: Mapping[str, Any], choices: Mapping[str, list]
) -> dict[str, Any]:
    """The whole configuration as data; :func:`config_yaml` writes it."""
    content = str(config["content_folder"]).strip("/")
    generated: dict[str, Any] = {
        "backend": backend(config),
        "locale": "de",
        "site_url": settings.get("SITEURL") or "/",
        "media_folder": f"{content}/{config['media_folder']}",
        "public_folder": f"{{static}}/{config['media_folder']}",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            collection(kind, config, settings, choices)
            for kind in (schema.PRESS_RELEASE, schema.EVENT, schema.PAGE)
        ],
    }
    if config["editorial_workflow"] and config["backend"] == "gitlab":
        generated["publish_mode"] = "editorial_workflow"
    return generated


def config_yaml(generated: Mapping[str, Any]) -> str:
    """YAML through the library: every quote, colon and ``<script>`` of a value stays text."""
    return yaml.safe_dump(
        generated, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


def format_description(generated: Mapping[str, Any]) -> dict[str, Any]:
    """What the Pelican format needs to know: the schema's spelling of each field, which
    headers hold several values (with the separator schema.py gives them), and which fields the
    CMS shows as one group."""
    specs = {field_name(spec.name): spec for specs in schema.FIELDS.values() for spec in specs}
    lists = {
        field["name"]: list_separator(specs[field["name"]]) or ", "
        for each in generated["collections"]
        for field in each["fields"]
        if field.get("multiple")
    }
    return {
        "names": {name: spec.name for name, spec in sorted(specs.items())},
        "lists": lists,
        "groups": {PHOTO_GROUP: [field_name(name) for name in PHOTO_FIELDS]},
        "body": BODY,
    }
