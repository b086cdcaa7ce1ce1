"""A throwaway PostgreSQL server for the team-library tests and benchmark: initdb in a temp
folder as the `postgres` OS user (when run as root), a free localhost port, the unix socket in
that folder, every statement logged so a test can read what the server was sent."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PASSWORD = "team-pw"
ROLES = ("libadmin", "librarian", "reader")


def find_bindir() -> Path | None:
    """PostgreSQL's server programs: on PATH, else where Debian puts them."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True):
        return Path(candidate).parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.dir = Path(tempfile.mkdtemp(prefix="reportgen-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = _free_port()
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--no-locale",
                  "--auth-local=trust", "--auth-host=scram-sha-256")
        self.databases = 0

    def _run(self, program: str, *args: str) -> str:
        cmd = self.as_postgres + [str(self.bindir / program), *args]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")
        return done.stdout

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c log_statement=all -c max_connections=40")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def psql(self, sql: str, db: str = "postgres") -> str:
        return self._run("psql", "-X", "-q", "-h", str(self.dir), "-p", str(self.port), "-U", "postgres",
                         "-d", db, "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql)

    def create_roles(self) -> None:
        for role in ROLES:
            self.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
        self.psql("GRANT pg_read_all_data TO reader")

    def new_database(self) -> str:
        self.databases += 1
        name = f"team{self.databases}"
        self.psql(f"CREATE DATABASE {name} OWNER libadmin")
        return name

    def url(self, role: str, db: str, password: str = PASSWORD) -> str:
        return f"postgresql://{role}:{password}@127.0.0.1:{self.port}/{db}"

    def cleanup(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


# --- a hostile server: rows written straight into its tables -----------------------------------

def serve(admin_url: str, sid: str, file_name: str, content: bytes, *, edition: int = 1, sha: str | None = None,
          countries=("CN",)) -> None:
    """Rows written straight into the server's tables, as a compromised or buggy server would hold
    them (the client's own checks never ran on them); the library version moves, so members sync."""
    import hashlib

    import psycopg
    with psycopg.connect(admin_url) as conn:
        conn.execute("INSERT INTO reportgen.sources (id) VALUES (%s) ON CONFLICT DO NOTHING", (sid,))
        conn.execute("UPDATE reportgen.library_version SET version = version + 1")
        conn.execute(
            "INSERT INTO reportgen.editions (source_id, edition, file_name, content, sha256, sidecar, metadata, "
            "countries, library_version) VALUES (%s, %s, %s, %s, %s, NULL, '{}', %s, "
            "(SELECT version FROM reportgen.library_version))",
            (sid, edition, file_name, content, sha or hashlib.sha256(content).hexdigest(), list(countries)))


def serve_taxonomy(admin_url: str, country: str, text: str) -> None:
    import psycopg
    with psycopg.connect(admin_url) as conn:
        conn.execute("UPDATE reportgen.library_version SET version = version + 1")
        conn.execute("INSERT INTO reportgen.taxonomies (country, yaml, version, library_version) VALUES "
                     "(%s, %s, 1, (SELECT version FROM reportgen.library_version))", (country, text))
