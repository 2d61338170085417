"""The site search: Pagefind index and the fields it reads."""
