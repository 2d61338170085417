"""Each feed entry serialised once per build, however many feeds it stands in.

A release stands in the feed of all releases, in the feed of each of its topics and in the
feed of each partner organisation of its contacts, each as Atom and RSS: with its full text, a
few dozen times per build. An entry's XML depends on nothing but the entry and the kind of
feed (:mod:`feedgenerator`'s ``write_items`` writes each one on its own), so the first feed
that has it writes it as the library does, and every later feed gets the same characters.
The feed object's ``write_items`` is replaced on the object itself, like
:mod:`.feed_date` replaces its date: library internals, behind :mod:`.versions`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import io
from collections.abc import Hashable, MutableMapping
from typing import Any

# Where the entries written in this build are kept: the build's context, shared by all feeds.
CONTEXT_KEY = "speed_feed_entries"
PLAIN_VALUES = (str, int, float, bool, type(None))


def entry_key(feed: Any, item: dict[str, Any]) -> Hashable | None:
    """A digest of everything the entry's XML is made of; None where a value cannot be compared
    safely (an enclosure object, an entry without a date, which the library dates by the clock).

    A digest, not the values: the values hold the entry's full text, which the build would
    otherwise keep for every entry until the last feed is written."""
    parts = entry_parts(feed, item)
    if parts is None:
        return None
    # repr of strings, numbers and tuples of them: the same text only for the same values.
    return hashlib.sha256(repr(parts).encode("utf-8")).digest()


def entry_parts(feed: Any, item: dict[str, Any]) -> Hashable | None:
    """Everything the entry's XML is made of, as comparable values; None as above."""
    if item.get("pubdate") is None:
        return None
    parts: list[tuple[str, Hashable]] = []
    for name, value in item.items():  # in the order add_item gives; another order only misses
        if isinstance(value, PLAIN_VALUES):
            parts.append((name, (type(value).__name__, value)))
        elif isinstance(value, dt.datetime):
            # repr, not the value: equal moments in two zones are written differently.
            parts.append((name, repr(value)))
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            parts.append((name, tuple(str(v) for v in value)))
        else:
            return None
    return (type(feed).__module__, type(feed).__qualname__, tuple(parts))


def entry_xml(feed: Any, item: dict[str, Any]) -> str:
    """One entry as the feed's own ``write_items`` writes it."""
    from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

    buffer = io.StringIO()
    handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
    type(feed).write_items(single_entry(feed, item), handler)
    return buffer.getvalue()


def single_entry(feed: Any, item: dict[str, Any]) -> Any:
    """A copy of the feed with this one entry."""
    single = copy.copy(feed)
    single.items = [item]
    return single


def write_items_once(feed: Any, written: MutableMapping[Hashable, str], handler: Any) -> None:
    for item in feed.items:
        key = entry_key(feed, item)
        if key is None:
            type(feed).write_items(single_entry(feed, item), handler)
            continue
        if key not in written:
            written[key] = entry_xml(feed, item)
        # The handler writes the text as it stands (after closing a pending start tag).
        handler.ignorableWhitespace(written[key])


def reuse_feed_entries(context: Any, feed: Any) -> None:
    """Signal ``feed_generated``: the feed writes entries already written in this build from
    what was written."""
    if not isinstance(context, MutableMapping):
        return
    written = context.setdefault(CONTEXT_KEY, {})
    feed.write_items = functools.partial(write_items_once, feed, written)
