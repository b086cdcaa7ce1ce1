"""A team library on PostgreSQL, synced into a local folder library in the user's cache.

Only `is_team_url` is imported by the rest of reportgen without the `team` extra; everything
that needs psycopg is imported when a postgresql:// URL is actually used.
"""

from __future__ import annotations

import re

URL_PREFIXES = ("postgresql://", "postgres://")


def is_team_url(value) -> bool:
    return isinstance(value, str) and value.startswith(URL_PREFIXES)


_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^\s:/@]*:)[^\s]*@(?=[^\s@]*$|[^\s@]*[\s])", re.I)


def mask_urls(text: str, given: list[str] = ()) -> str:
    """A message that no code of ours worded, with the password of the URLs given (the command's
    arguments, REPORTGEN_EVIDENCE), in any spelling, and of any other URL it holds as ***."""
    import os
    for url in [*given, os.environ.get("REPORTGEN_EVIDENCE", "")]:
        if is_team_url(url):
            from .server import scrub  # string work only: psycopg is not needed
            text = scrub(text, url)
    return _URL_PASSWORD.sub(r"\1***@", text)
