"""German typography in Markdown: quotes, dashes, inclusive forms."""
