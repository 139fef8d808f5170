"""Persistent storage: raw fetches, bodies and parsed articles in SQLite or PostgreSQL."""
