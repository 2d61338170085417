"""The commands (``python -m newsroom build|check|new|serve|devserver|deploy``); not a plugin."""
