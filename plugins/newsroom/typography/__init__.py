"""German typography in Markdown: quotes, dashes, inclusive forms (settings ``TYPOGRAPHY_*``)."""


def register() -> None:
    from pelican import signals

    from .german_markdown import use_german_markdown

    signals.initialized.connect(use_german_markdown)
