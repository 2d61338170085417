"""Search engines and sharing: page meta, structured data, sitemap."""
