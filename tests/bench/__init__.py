"""`make bench`: synthetic press releases, built with our production settings and stock Pelican."""
