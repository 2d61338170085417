"""Pelican settings for production (`make publish`): development settings plus what changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://presse.norderstedtgo.de").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/alle.atom.xml"
FEED_ALL_RSS = "feeds/alle.rss.xml"
TAG_FEED_ATOM = "feeds/themen/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/themen/{slug}.rss.xml"
