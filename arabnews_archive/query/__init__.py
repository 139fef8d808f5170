"""The search query language and its compilation to each database's full-text search
(the filters beside a query are the store's: `store.filters`)."""
