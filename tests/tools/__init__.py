"""Tools for developing the newsroom itself (not part of the site's build)."""
