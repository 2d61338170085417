"""Pelican settings for production (`make publish`): development settings plus what changes."""

import os
from pathlib import Path

from pelican.settings import load_source

# The development settings, read from the file beside this one (wherever the command runs).
_development = load_source("pelicanconf", str(Path(__file__).resolve().with_name("pelicanconf.py")))
globals().update({name: value for name, value in vars(_development).items() if name.isupper()})

# From the environment (CI: an empty variable means the default), else the real address.
SITEURL = (os.environ.get("SITEURL") or "https://presse.norderstedtgo.de").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/alle.atom.xml"
FEED_ALL_RSS = "feeds/alle.rss.xml"
TAG_FEED_ATOM = "feeds/themen/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/themen/{slug}.rss.xml"
# One per partner organisation of the contact registry (the city, the utility, EGNO).
PARTNERFEEDS_ATOM_SAVE_AS = "feeds/organisationen/{id}.atom.xml"
PARTNERFEEDS_RSS_SAVE_AS = "feeds/organisationen/{id}.rss.xml"
# Feeds carry the whole press release, not only its lead (Atom does by default, RSS not).
RSS_FEED_SUMMARY_ONLY = False

# Content-hashed names for CSS, JS and fonts (cacheable for a year) and .gz/.br copies.
ASSETS_HASHED = True
ASSETS_PRECOMPRESS = True

# Drafts and embargoed press releases are never shown: `make preview` refuses these settings.
EMBARGO_PREVIEW_ALLOWED = False

# The Impressum and the other legal pages must be complete before anything is published.
OPERATOR_REQUIRE_COMPLETE = True
