"""The NorderstedtGO! newsroom for Pelican.

Contact blocks, event archives, German dates and typography, and the content checks; the
commands (``python -m newsroom …``) in :mod:`newsroom.tools`. Pelican loads the plugin as
``newsroom.register``, whose ``register()`` connects the capabilities to its signals; this
package imports nothing, so that a command loads only what it needs.
"""
