"""The team library's tables on PostgreSQL, as numbered migrations.

Only `reportgen evidence init` applies them; every other command checks the version and
refuses an uninitialised or older schema, so an upgrade is always a deliberate step.
"""

from __future__ import annotations

from ..errors import LibraryError

MIGRATIONS: dict[int, str] = {
    1: """
CREATE SCHEMA IF NOT EXISTS reportgen;
CREATE TABLE reportgen.schema_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL);
INSERT INTO reportgen.schema_version VALUES (true, 0);
-- bumped by every write: a sync compares it with the one it last saw
CREATE TABLE reportgen.library_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), version bigint NOT NULL);
INSERT INTO reportgen.library_version VALUES (true, 0);
CREATE TABLE reportgen.sources (
    id text PRIMARY KEY,
    created_by text NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now());
-- editions are never updated or deleted: replacing a source adds one
CREATE TABLE reportgen.editions (
    source_id text NOT NULL REFERENCES reportgen.sources(id),
    edition integer NOT NULL CHECK (edition > 0),
    file_name text NOT NULL,
    content bytea NOT NULL,
    sha256 text NOT NULL,
    sidecar text,                 -- the .meta.yaml as written, NULL when the metadata is front matter
    metadata jsonb NOT NULL,
    countries text[] NOT NULL,
    library_version bigint NOT NULL,
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, edition));
CREATE TABLE reportgen.taxonomies (
    country text PRIMARY KEY,
    yaml text NOT NULL,
    version integer NOT NULL,
    library_version bigint NOT NULL,
    updated_by text NOT NULL DEFAULT current_user,
    updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE reportgen.audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    who text NOT NULL DEFAULT current_user,
    action text NOT NULL,
    source_id text,
    edition integer,
    detail jsonb NOT NULL DEFAULT '{}');
""",
    2: """
-- where a write came from: the client's address and application name
ALTER TABLE reportgen.audit_log
    ADD COLUMN client_addr inet DEFAULT inet_client_addr(),
    ADD COLUMN application text DEFAULT current_setting('application_name');
CREATE INDEX editions_library_version ON reportgen.editions (library_version);
""",
}
VERSION = max(MIGRATIONS)

# What a role needs to add sources; `evidence init` prints this for the administrator.
WRITE_PRIVILEGES = (
    ("reportgen.sources", "INSERT"), ("reportgen.editions", "INSERT"),
    ("reportgen.audit_log", "INSERT"), ("reportgen.library_version", "UPDATE"),
    ("reportgen.taxonomies", "INSERT"), ("reportgen.taxonomies", "UPDATE"),
)
LIBRARIAN_GRANTS = """GRANT USAGE ON SCHEMA reportgen TO {role};
GRANT SELECT ON ALL TABLES IN SCHEMA reportgen TO {role};
GRANT INSERT ON reportgen.sources, reportgen.editions, reportgen.audit_log, reportgen.taxonomies TO {role};
GRANT UPDATE ON reportgen.library_version, reportgen.taxonomies TO {role};
GRANT USAGE ON SEQUENCE reportgen.audit_log_id_seq TO {role};"""


def installed_version(conn) -> int:
    """0 when the database has no team library yet."""
    row = conn.execute("SELECT to_regclass('reportgen.schema_version') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    return conn.execute("SELECT version FROM reportgen.schema_version").fetchone()[0]


def check(conn, where: str) -> None:
    """Refuse a database whose schema this reportgen cannot use as it is."""
    found = installed_version(conn)
    if found == VERSION:
        return
    if found == 0:
        raise LibraryError(f"{where}: no team library here yet; create it with "
                           f"`reportgen --evidence URL evidence init [--from DIR]`")
    if found < VERSION:
        raise LibraryError(f"{where}: the team library has schema version {found}, this reportgen needs "
                           f"{VERSION}; upgrade it with `reportgen --evidence URL evidence init`")
    raise LibraryError(f"{where}: the team library has schema version {found}, newer than this reportgen "
                       f"knows ({VERSION}); upgrade reportgen")


def migrate(conn, target: int = VERSION) -> tuple[int, int]:
    """Apply the missing migrations up to `target` in the caller's transaction; (from, to)."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('reportgen schema'))")  # two inits at once: one waits
    found = installed_version(conn)
    if found > VERSION:
        check(conn, "database")
    if found < target and not conn.execute("SELECT has_database_privilege(current_database(), 'CREATE')").fetchone()[0]:
        user, db = conn.execute("SELECT current_user, current_database()").fetchone()
        raise LibraryError(f"role '{user}' may not create or upgrade the team library's schema: it lacks CREATE "
                           f"on database {db} (run `evidence init` as the database's owner)")
    for number in range(found + 1, target + 1):
        conn.execute(MIGRATIONS[number])
        conn.execute("UPDATE reportgen.schema_version SET version = %s", (number,))
    return found, max(found, target)
