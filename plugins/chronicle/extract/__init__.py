"""Extraction: one module per stage, seed -> draft incidents (see article.py)."""
