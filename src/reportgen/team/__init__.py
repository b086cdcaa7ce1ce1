"""A team library on PostgreSQL, synced into a local folder library in the user's cache.

Only `is_team_url` (here) and `team.urls` (string work: a URL's password kept out of messages) are
imported by the rest of reportgen without the `team` extra; everything
that needs psycopg is imported when a postgresql:// URL is actually used.
"""

from __future__ import annotations

URL_PREFIXES = ("postgresql://", "postgres://")


def is_team_url(value) -> bool:
    return isinstance(value, str) and value.startswith(URL_PREFIXES)
