"""Chronicle: a Pelican plugin that turns news articles into a cross-linked event timeline."""
