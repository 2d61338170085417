"""Editing in the browser: the settings of /admin/.

Read by the core through PLUGINS (:mod:`newsroom.core.capability`).
"""

from __future__ import annotations

from typing import Any

from ..core.capability import Capability

SETTINGS: dict[str, dict[str, Any]] = {
    "CMS": {
        # "": no /admin/. "local": decap-server on this computer (`make redaktion`). "gitlab": the
        # production setup, login with GitLab (PKCE), every change a merge request.
        "BACKEND": "",
        "LOCAL_HOST": "127.0.0.1",
        "LOCAL_PORT": 8081,
        "GITLAB_URL": "https://gitlab.com",
        "GITLAB_PROJECT": "",  # group/project
        "GITLAB_APP_ID": "",  # the application ID of the GitLab OAuth application
        "BRANCH": "main",
        "EDITORIAL_WORKFLOW": True,
        # Below OUTPUT_PATH.
        "SAVE_AS": "admin",
        # PATH as seen from the repository root: where the CMS reads and writes.
        "CONTENT_FOLDER": "content",
        # Below PATH: uploads go into a folder per year of the entry's date.
        "MEDIA_FOLDER": "bilder",
        "TEMPLATE": "admin",
    },
}

# The contact selects of the editing forms come from the contact registry.
CAPABILITY = Capability(name="cms", settings=SETTINGS, requires=("contacts",))
