"""Build speed: the fast paths that replace Pelican and Markdown internals."""
