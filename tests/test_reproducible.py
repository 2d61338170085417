"""The output does not depend on the machine's locale or time zone."""

from __future__ import annotations

import hashlib


def digests(build) -> dict[str, str]:
    return {
        name: hashlib.sha256((build.output / name).read_bytes()).hexdigest()
        for name in build.files()
    }


def test_same_bytes_under_other_locale_and_time_zone(build_site):
    american = build_site(env={"LANG": "C", "LC_ALL": "C", "TZ": "America/New_York"})
    german = build_site(env={"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "TZ": "Europe/Berlin"})
    assert american.ok, american.messages
    assert german.ok, german.messages
    assert digests(american) == digests(german)
    assert len(digests(american)) > 10
    # The dates are German no matter what the machine speaks.
    assert "13. Januar 2022" in american.text("/pressemitteilungen/")
