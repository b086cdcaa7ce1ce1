"""Team library URLs as strings: recognising one, and keeping its password out of every message.
String work only: imported without the team extra (psycopg)."""

from __future__ import annotations

import re

from .. import envvars
from . import URL_PREFIXES, is_team_url

PASSWORD_PARAM = re.compile(r"(password\s*=\s*)('[^']*'|[^&\s]*)", re.I)


def masked(url: str) -> str:
    """The URL as given with its password (in the user part or a password= parameter) replaced by
    ***, without parsing it: usable in a message about a URL that does not parse."""
    scheme = next((p for p in URL_PREFIXES if url.startswith(p)), "")
    rest = url[len(scheme):]
    at = rest.rfind("@")
    if at >= 0:
        user, colon, _ = rest[:at].partition(":")
        rest = user + (":***" if colon else "") + rest[at:]
    return scheme + PASSWORD_PARAM.sub(r"\1***", rest)


def password_of(url: str) -> str | None:
    """The password as written in the URL's user part (percent-encoded or not), else None."""
    rest = url.split("://", 1)[-1]
    at = rest.rfind("@")
    if at < 0 or ":" not in rest[:at]:
        return None
    return rest[:at].partition(":")[2] or None


def scrub(text: str, url: str) -> str:
    """A message with the URL's password, in any spelling of it, replaced by ***."""
    text = text.replace(url, masked(url))
    password = password_of(url)
    if password:
        from urllib.parse import unquote
        for form in sorted({password, unquote(password)}, key=len, reverse=True):
            if len(form) >= 3:  # shorter would blank letters of the message; the URL itself is masked
                text = text.replace(form, "***")
    return PASSWORD_PARAM.sub(r"\1***", text)


_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^\s:/@]*:)[^\s]*@(?=[^\s@]*$|[^\s@]*[\s])", re.I)


def mask_urls(text: str, given: list[str] = ()) -> str:
    """A message that no code of ours worded, with the password of the URLs given (the command's
    arguments, REPORTGEN_EVIDENCE), in any spelling, and of any other URL it holds as ***."""
    for url in [*given, envvars.evidence() or ""]:
        if is_team_url(url):
            text = scrub(text, url)
    return _URL_PASSWORD.sub(r"\1***@", text)
