"""Editorial control: embargo, drafts, preview, legal pages, page placement, navigation."""
