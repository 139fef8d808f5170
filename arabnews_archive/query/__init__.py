"""The search query language and its compilation to each database's full-text search."""
