"""Talking to the team library's server (psycopg 3): connecting, errors worded for users,
the checks every command makes, and the reads a sync needs. Only library data crosses."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager

from ..errors import LibraryError
from . import schema
from .urls import masked, password_of, scrub

UNSAFE_IN_PASSWORD = re.compile(r"[@/?#\s:\[\]]")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
CONNECT_TIMEOUT = 5  # seconds: an unreachable server falls back to the synced copy quickly


class ServerUnreachable(LibraryError):
    """The server could not be reached, or stopped answering (as opposed to refusing us): a synced
    copy may stand in."""


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise LibraryError("a postgresql:// library needs the team extra: pip install 'reportgen[team]'") from None
    return psycopg


def check_url(url: str) -> None:
    """Refuse a password that is not percent-encoded before libpq sees it: libpq would cut the URL
    at its '@' or '/', take the rest for a host name and look it up in DNS, and quote it back."""
    password = password_of(url)
    if password and (UNSAFE_IN_PASSWORD.search(password) or BAD_PERCENT.search(password)):
        raise LibraryError(f"{masked(url)}: the password in the URL must be percent-encoded "
                           f"(write @ as %40, / as %2F, : as %3A, a space as %20 and % as %25)")


def display(url: str) -> str:
    """The URL without its password, for messages and the sync record."""
    info = _conninfo(url)
    host = info.get("host") or "localhost"
    port = info.get("port") or "5432"
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}:{port}/{info.get('dbname', '')}"


def library_key(url: str) -> str:
    """One local copy per server library (host, port, database), whoever connects."""
    info = _conninfo(url)
    where = f"{info.get('host') or 'localhost'}:{info.get('port') or '5432'}/{info.get('dbname', '')}"
    return hashlib.sha256(where.encode()).hexdigest()[:16]


def _conninfo(url: str) -> dict:
    psycopg = _psycopg()
    check_url(url)
    try:
        return psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        reason = scrub(str(exc).splitlines()[0], url)
        raise LibraryError(f"{masked(url)}: not a valid PostgreSQL URL: {reason}") from None


@contextmanager
def connect(url: str, snapshot: bool = False):
    """A connection whose errors become one-line messages. Writers get autocommit and open their
    own transactions; a snapshot is one read-only repeatable-read transaction, so that what a
    sync reads is one library version throughout."""
    psycopg = _psycopg()
    where = display(url)
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, application_name="reportgen",
                               autocommit=not snapshot)
    except psycopg.OperationalError as exc:
        error = _connect_error(where, exc)
        raise type(error)(scrub(str(error), url)) from None
    if snapshot:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
    try:
        yield conn
    except psycopg.errors.InsufficientPrivilege as exc:
        conn.rollback()
        raise LibraryError(f"{where}: permission denied: {scrub(_first_line(exc), url)}") from None
    except psycopg.OperationalError as exc:
        raise ServerUnreachable(f"{where}: the server stopped answering: {scrub(_first_line(exc), url)}; "
                                f"nothing was changed") from None
    finally:
        conn.close()


def _connect_error(where: str, exc) -> LibraryError:
    text = str(exc)
    if "password authentication failed" in text or "no password supplied" in text:
        return LibraryError(f"{where}: wrong user name or password (the server refused the login)")
    if "does not exist" in text and ("role" in text or "database" in text):
        return LibraryError(f"{where}: {_reason(text)}")
    if "no pg_hba.conf entry" in text or "permission denied" in text.lower():
        return LibraryError(f"{where}: the server does not let this user in: {_reason(text)}")
    return ServerUnreachable(f"{where}: cannot reach the server ({_reason(text)})")


def _reason(text: str) -> str:
    """libpq's message without its 'connection to server at ... failed:' preamble."""
    line = next((ln for ln in text.splitlines() if ln.strip()), text)
    return line.rsplit("failed:", 1)[-1].strip().removeprefix("FATAL:").strip()


def _first_line(exc) -> str:
    return (str(exc).splitlines() or ["?"])[0]


def check_schema(conn, url: str) -> None:
    schema.check(conn, display(url))


def check_can_write(conn, url: str, what: str) -> None:
    """Name the privileges a role lacks before trying, instead of failing halfway."""
    missing = [f"{priv} on {table}" for table, priv in schema.WRITE_PRIVILEGES
               if not conn.execute("SELECT has_table_privilege(%s, %s)", (table, priv)).fetchone()[0]]
    if missing:
        user = conn.execute("SELECT current_user").fetchone()[0]
        raise LibraryError(f"{display(url)}: role '{user}' may not {what}: it lacks {', '.join(missing)} "
                           f"(a librarian role needs them; this one can only read)")


def library_version(conn) -> int:
    return conn.execute("SELECT version FROM reportgen.library_version").fetchone()[0]


def newest_editions(conn) -> list[tuple]:
    """(source_id, edition, sha256, file_name, countries) of every source's newest edition."""
    return conn.execute(
        "SELECT DISTINCT ON (source_id) source_id, edition, sha256, file_name, countries "
        "FROM reportgen.editions ORDER BY source_id, edition DESC").fetchall()


def all_editions(conn, source_ids: list[str]) -> list[tuple]:
    """(source_id, edition, sha256, file_name) of every edition of these sources."""
    return conn.execute(
        "SELECT source_id, edition, sha256, file_name FROM reportgen.editions "
        "WHERE source_id = ANY(%s) ORDER BY source_id, edition", (source_ids,)).fetchall()


def fetch_editions(conn, wanted: list[tuple[str, int]]):
    """The bytes and sidecars of these (source_id, edition) pairs, one row at a time."""
    if not wanted:
        return
    ids = [w[0] for w in wanted]
    numbers = [w[1] for w in wanted]
    with conn.cursor(name="reportgen_fetch") as cur:  # server-side: a big library is not held in memory
        cur.execute(
            "SELECT e.source_id, e.edition, e.file_name, e.content, e.sha256, e.sidecar, e.added_by, "
            "e.added_at FROM reportgen.editions e "
            "JOIN unnest(%s::text[], %s::int[]) AS w(source_id, edition) USING (source_id, edition)",
            (ids, numbers))
        yield from cur


def taxonomies(conn) -> list[tuple[str, int, str]]:
    return conn.execute("SELECT country, version, yaml FROM reportgen.taxonomies ORDER BY country").fetchall()
