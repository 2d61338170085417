"""Pelican settings for development: `make html`, `make serve`, `make devserver`.

Production (`make publish`) reads publishconf.py, which imports these and overrides what
production changes.
"""

import os

AUTHOR = "NorderstedtGO!"
SITENAME = "NorderstedtGO! Newsroom"
SITESUBTITLE = "Pressemitteilungen, Projekte und Veranstaltungen der Smart City Norderstedt"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
DEFAULT_DATE = None
DEFAULT_CATEGORY = "Pressemitteilungen"
DELETE_OUTPUT_DIRECTORY = True
# Output must not depend on the build machine: no mtimes, no locale, no clock.
WITH_FUTURE_DATES = True  # the plugin decides embargoes by the build time, not the clock
SLUGIFY_SOURCE = "title"

# The newsroom is an installed package (`make setup` installs it editable from plugins/): one
# plugin per capability over a shared core. The order is the order of their receivers on each
# signal: typography sets MARKDOWN before the core's checks read it; editorial withholds and
# merges drafts before the core sorts; contacts, events, delivery and photos add generators in
# this order (docs/ARCHITECTURE.md).
PLUGINS = [
    "newsroom.typography",
    "newsroom.editorial",
    "newsroom.core",
    "newsroom.seo",
    "newsroom.search",
    "newsroom.contacts",
    "newsroom.events",
    "newsroom.delivery",
    "newsroom.photos",
    "newsroom.speed",
    # Journalists: after contacts and photos, whose attributes the press kit and the partner
    # feeds read.
    "newsroom.updates",
    "newsroom.imagerights",
    "newsroom.presskit",
    "newsroom.related",
    "newsroom.partnerfeeds",
    "newsroom.cms",
]

# --- Content ---------------------------------------------------------------------------------
ARTICLE_PATHS = ["pressemitteilungen"]
PAGE_PATHS = ["projekte", "seiten"]
STATIC_PATHS = ["bilder"]
READERS = {"html": None}  # Markdown only; a stray .html file is never published as content
# Hidden files (.DS_Store, .gitkeep) are never read or published; Pelican's own default
# ("**/.*") is compared with bare file names and so never matches.
IGNORE_FILES = [".*"]

# Markdown's "extra" without attr_list: content never sets attributes of its own ({: … }).
# Table alignment as an attribute, since the policy blocks inline styles.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.abbr": {},
        "markdown.extensions.def_list": {},
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.footnotes": {},
        "markdown.extensions.md_in_html": {},
        "markdown.extensions.tables": {"use_align_attribute": True},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
# Every value a template shows is escaped; HTML only through the plugin's `sanitized` filter.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}

TYPOGRIFY = True
TYPOGRIFY_OMIT_FILTERS = ["smartypants", "widont"]
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "script", "style", "title", "time"]

from newsroom.core.text import SLUG_SUBSTITUTIONS as german_slug_rules  # noqa: E402

SLUGIFY_USE_UNICODE = True
SLUG_REGEX_SUBSTITUTIONS = german_slug_rules
TAG_REGEX_SUBSTITUTIONS = german_slug_rules

# --- URLs (German, stable; every page is …/index.html under a folder) -----------------------
ARTICLE_URL = "pressemitteilungen/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = ""
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

TAG_URL = "themen/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "themen/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORY_URL = CATEGORY_SAVE_AS = CATEGORIES_URL = CATEGORIES_SAVE_AS = ""
AUTHOR_URL = AUTHOR_SAVE_AS = AUTHORS_URL = AUTHORS_SAVE_AS = ""
ARCHIVES_URL = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_URL = "pressemitteilungen/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""

DIRECT_TEMPLATES = ["index", "pressemitteilungen", "projekte", "tags", "suche", "404"]
INDEX_SAVE_AS = "index.html"
PRESSEMITTEILUNGEN_URL = "pressemitteilungen/"
PRESSEMITTEILUNGEN_SAVE_AS = PRESSEMITTEILUNGEN_URL + "index.html"
PROJEKTE_URL = "projekte/"
PROJEKTE_SAVE_AS = PROJEKTE_URL + "index.html"
SUCHE_URL = "suche/"
SUCHE_SAVE_AS = SUCHE_URL + "index.html"

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"pressemitteilungen": None, "tag": None, "period_archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
)

# --- Feeds: off while developing, on in publishconf.py --------------------------------------
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- The plugin's capabilities --------------------------------------------------------------
PAGES_SECTIONS = {
    "projekte": {"url": "projekte/{slug}/", "template": "project"},
    "seiten": {"url": "{slug}/", "template": "page"},
}
# Calendar UIDs (SLUG@domain) stay the same wherever the site is served from.
EVENTS_UID_DOMAIN = "presse.norderstedtgo.de"

# --- Editing in the browser (/admin/, docs/REDAKTION.md „Im Browser bearbeiten“) ------------
# Empty: no /admin/. `make redaktion` sets "local"; production sets "gitlab" and the application
# ID of the GitLab OAuth application (CI/CD variables of the same names). In GitLab CI the
# server and the project default to the pipeline's own (CI_SERVER_URL, CI_PROJECT_PATH).
CMS_BACKEND = os.environ.get("CMS_BACKEND", "")
CMS_LOCAL_HOST = os.environ.get("CMS_LOCAL_HOST") or "127.0.0.1"
CMS_LOCAL_PORT = int(os.environ.get("CMS_LOCAL_PORT") or 8081)
CMS_GITLAB_URL = (
    os.environ.get("CMS_GITLAB_URL") or os.environ.get("CI_SERVER_URL") or "https://gitlab.com"
)
CMS_GITLAB_PROJECT = os.environ.get("CMS_GITLAB_PROJECT") or os.environ.get("CI_PROJECT_PATH", "")
CMS_GITLAB_APP_ID = os.environ.get("CMS_GITLAB_APP_ID", "")
CMS_BRANCH = os.environ.get("CMS_BRANCH") or "main"
