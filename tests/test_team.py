"""The team library against a real PostgreSQL server (started here, stopped at the end): schema,
import, concurrent writes, roles, incremental sync, offline drafting, older editions in verify."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, SHIPPED, UK
from docxread import open_docx
from fixtures import write_html
from pgserver import PgServer, find_bindir, serve, serve_taxonomy

from reportgen import envvars
from reportgen.team import schema, sync

BINDIR = find_bindir()
CHINESE_NAME = EXAMPLES / "uk-chinese-name.yaml"
SHIPPED_IDS = sorted(p.name.split(".")[0] for p in (SHIPPED / "sources").iterdir()
                     if p.suffix in (".txt", ".html", ".md", ".pdf", ".docx"))
REPLACED = "forced-returns-10000"


@pytest.fixture(scope="session")
def pg():
    if BINDIR is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin")
    pytest.importorskip("psycopg", reason="the team extra is not installed: pip install '.[team]'")
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode:
        pytest.skip("running as root and there is no 'postgres' OS user to run the server as")
    server = PgServer(BINDIR)
    try:
        server.start()
        server.create_roles()
        yield server
    finally:
        server.cleanup()


class Team:
    def __init__(self, pg: PgServer, db: str):
        self.pg, self.db = pg, db
        self.admin, self.librarian, self.reader = (pg.url(r, db) for r in ("libadmin", "librarian", "reader"))

    def grant_librarian(self) -> None:
        self.pg.psql(schema.LIBRARIAN_GRANTS.format(role="librarian"), self.db)

    def query(self, sql: str, *args):
        import psycopg
        with psycopg.connect(self.admin) as conn:
            return conn.execute(sql, args).fetchall()

    def version(self) -> int:
        return self.query("SELECT version FROM reportgen.library_version")[0][0]


@pytest.fixture
def team(pg, monkeypatch, tmp_path) -> Team:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(envvars.TEAM_COUNTRIES, raising=False)
    return Team(pg, pg.new_database())


@pytest.fixture
def shared(team, run) -> Team:
    """A team library imported from the shipped folder library, with a librarian."""
    result = run("--evidence", team.admin, "evidence", "init", "--from", SHIPPED)
    assert result.code == 0, result.err
    team.grant_librarian()
    return team


def replace_text(tmp_path: Path, run, url: str, old: str, new: str):
    """A librarian replaces the forced-returns source with an edited text: a new edition."""
    text = (SHIPPED / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{REPLACED}.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return run("--evidence", url, "evidence", "add", path, "--id", REPLACED, "--force",
               "--title", "Report: China has forced at least 10,000 troublesome Chinese abroad back home",
               "--source-type", "news", "--country", "CN")


def test_init_imports_the_folder_library_and_a_reader_syncs_it_byte_for_byte(shared, run):
    listed = run("--evidence", shared.reader, "evidence", "list", "--json")
    assert listed.code == 0, listed.err
    assert sorted(s["id"] for s in listed.json()) == SHIPPED_IDS
    root = sync.local_root(shared.reader)
    for path in list((SHIPPED / "sources").iterdir()) + list((SHIPPED / "taxonomies").iterdir()):
        assert (root / path.parent.name / path.name).read_bytes() == path.read_bytes(), path.name
    audit = shared.query("SELECT who, action FROM reportgen.audit_log WHERE source_id IS NOT NULL")
    assert sorted(audit) == [("libadmin", "import")] * len(SHIPPED_IDS)
    again = run("--evidence", shared.admin, "evidence", "init", "--from", SHIPPED)
    assert again.code == 0 and "already current" in again.out and f"{len(SHIPPED_IDS)} unchanged" in again.out


def test_uninitialised_or_older_schema_is_refused_until_init_upgrades_it(team, run):
    bare = run("--evidence", team.reader, "evidence", "list")
    assert bare.code == 2 and "no team library here yet" in bare.err and "evidence init" in bare.err
    import psycopg
    with psycopg.connect(team.admin, autocommit=True) as conn, conn.transaction():
        schema.migrate(conn, target=1)  # a library created by an earlier reportgen
    old = run("--evidence", team.reader, "evidence", "list")
    assert old.code == 2 and f"schema version 1, this reportgen needs {schema.VERSION}" in old.err, old.err
    assert team.query("SELECT version FROM reportgen.schema_version") == [(1,)]  # not upgraded silently
    by_reader = run("--evidence", team.reader, "evidence", "init")
    assert by_reader.code == 2 and "role 'reader' may not create or upgrade" in by_reader.err
    upgraded = run("--evidence", team.admin, "evidence", "init")
    assert upgraded.code == 0 and "(was 1)" in upgraded.out
    assert run("--evidence", team.reader, "evidence", "list").code == 0


def test_connection_problems_are_one_line_and_exit_2(team, run, pg):
    wrong = run("--evidence", pg.url("reader", team.db, password="nope"), "evidence", "list")
    assert wrong.code == 2 and "wrong user name or password" in wrong.err and "nope" not in wrong.err
    closed = run("--evidence", f"postgresql://reader:x@127.0.0.1:{pg.port + 1}/{team.db}", "evidence", "list")
    assert closed.code == 2 and "cannot reach the server" in closed.err and "no synced copy" in closed.err
    assert "Traceback" not in wrong.err + closed.err


def test_a_read_only_role_is_refused_with_the_missing_permission(shared, run, tmp_path):
    before = shared.version()
    refused = replace_text(tmp_path, run, shared.reader, "When he refused, police", "When he refused, the police")
    assert refused.code == 2
    assert "role 'reader' may not add sources" in refused.err and "INSERT on reportgen.editions" in refused.err
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([{"title": "Anything", "URL": "https://example.org/x"}]))
    assert run("--evidence", shared.reader, "evidence", "import-csl", csl).code == 2
    assert shared.version() == before
    assert shared.query("SELECT count(*) FROM reportgen.editions WHERE source_id = %s", REPLACED) == [(1,)]


ADDER = """
import sys
from pathlib import Path
from reportgen.cli import main
url, folder = sys.argv[1], Path(sys.argv[2])
codes = [main(["--evidence", url, "evidence", "add", str(p), "--title", p.stem, "--source-type", "news",
               "--country", "CN"] + sys.argv[3:]) for p in sorted(folder.glob("*.txt"))]
sys.exit(max(codes))
"""


def _adders(url: str, folders: list[Path], tmp_path: Path, *flags: str) -> list[subprocess.CompletedProcess]:
    procs = []
    for n, folder in enumerate(folders):
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"user{n}-cache")}
        procs.append(subprocess.Popen([sys.executable, "-c", ADDER, url, str(folder), *flags], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    return [(p.wait(timeout=120), p.stderr.read()) for p in procs]


def test_two_librarians_adding_at_once_lose_nothing(shared, tmp_path):
    seed = (SHIPPED / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8")
    folders = []
    for who in ("a", "b"):
        folder = tmp_path / who
        folder.mkdir()
        for n in range(3):
            (folder / f"added-{who}-{n}.txt").write_text(f"Added by {who}, number {n}.\n\n{seed}", encoding="utf-8")
        folders.append(folder)
    before = shared.version()
    outcomes = _adders(shared.librarian, folders, tmp_path)
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    rows = shared.query("SELECT source_id, edition, added_by FROM reportgen.editions WHERE source_id LIKE 'added-%%'")
    assert sorted(rows) == sorted((f"added-{w}-{n}", 1, "librarian") for w in "ab" for n in range(3))
    assert shared.version() == before + 6
    audit = shared.query("SELECT DISTINCT who, host(client_addr), application FROM reportgen.audit_log WHERE action = 'add'")
    assert audit == [("librarian", "127.0.0.1", "reportgen")]  # who, from where, with what
    # both add the same new id without --force: one wins, the other is told, nothing is doubled
    same = tmp_path / "same"
    same.mkdir()
    (same / "same-id.txt").write_text(f"Added twice.\n\n{seed}", encoding="utf-8")  # not the shipped file's bytes
    codes = sorted(code for code, _ in _adders(shared.librarian, [same, same], tmp_path))
    assert codes == [0, 2]
    assert shared.query("SELECT count(*) FROM reportgen.editions WHERE source_id = 'same-id'") == [(1,)]


def test_a_failed_add_leaves_the_server_unchanged(shared, run, tmp_path):
    """The second file's id is taken: the first, already sent in the same transaction, is rolled back."""
    fresh = write_html(tmp_path / "returnees-questioned.html")
    taken = write_html(tmp_path / f"{REPLACED}.html")
    before = shared.version()
    result = run("--evidence", shared.librarian, "evidence", "add", fresh, taken, "--source-type", "news", "--country", "CN")
    assert result.code == 2 and f"'{REPLACED}' is already in the team library (edition 1" in result.err, result.err
    assert shared.version() == before
    assert shared.query("SELECT count(*) FROM reportgen.sources WHERE id = 'returnees-questioned'") == [(0,)]
    assert shared.query("SELECT count(*) FROM reportgen.editions WHERE source_id = %s", REPLACED) == [(1,)]


def test_the_same_file_under_a_new_id_is_refused_unless_forced(shared, run, tmp_path):
    copy = tmp_path / "renamed.txt"
    copy.write_bytes((SHIPPED / "sources" / f"{REPLACED}.txt").read_bytes())
    flags = ("--title", "Renamed", "--source-type", "news", "--country", "CN")
    before = shared.version()
    result = run("--evidence", shared.librarian, "evidence", "add", copy, *flags)
    assert result.code == 2 and f"the same file as source '{REPLACED}'" in result.err, result.err
    assert shared.version() == before
    forced = run("--evidence", shared.librarian, "evidence", "add", copy, *flags, "--force")
    assert forced.code == 0, forced.err
    assert shared.query("SELECT count(*) FROM reportgen.editions WHERE source_id = 'renamed'") == [(1,)]


def test_incremental_sync_fetches_only_the_changed_source(shared, run, tmp_path, monkeypatch):
    root = sync.local_root(shared.reader)
    first = sync.sync(shared.reader, root)
    assert sorted(first.fetched) == [(sid, 1) for sid in SHIPPED_IDS] and first.taxonomies == sorted(p.stem for p in (SHIPPED / "taxonomies").glob("*.yaml"))
    untouched = root / "sources" / f"{SHIPPED_IDS[0]}.txt"
    stamp = untouched.stat().st_mtime_ns
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "librarian-cache"))  # the librarian's own machine
    assert replace_text(tmp_path, run, shared.librarian, "When he refused, police", "When he refused, the police").code == 0
    second = sync.sync(shared.reader, root)
    assert second.fetched == [(REPLACED, 2)] and second.removed == [] and second.taxonomies == []
    assert "When he refused, the police" in (root / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8")
    older = root / "editions" / REPLACED / "1" / "sources" / f"{REPLACED}.txt"
    assert older.read_bytes() == (SHIPPED / "sources" / f"{REPLACED}.txt").read_bytes()  # kept, not fetched again
    assert untouched.stat().st_mtime_ns == stamp
    assert sync.sync(shared.reader, root).fetched == []
    only_tw = sync.sync(shared.reader, tmp_path / "tw-only", ["TW"])
    assert [sid for sid, _ in only_tw.fetched] == ["chen-siming-taiwan-airport"] and only_tw.taxonomies == []


def test_drafting_offline_from_the_last_synced_copy(shared, run, pg, tmp_path, monkeypatch):
    online = tmp_path / "online.docx"
    assert run("--evidence", shared.reader, "draft", UK, "-o", online).code == 0
    pg.stop()
    try:
        offline = run("--evidence", shared.reader, "draft", UK, "-o", tmp_path / "offline.docx")
        assert offline.code == 0, offline.err
        assert "cannot reach the server" in offline.err and "last synced at" in offline.err
        assert (tmp_path / "offline.docx").read_bytes() == online.read_bytes()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "never-synced"))
        never = run("--evidence", shared.reader, "draft", UK, "-o", tmp_path / "none.docx")
        assert never.code == 2 and "no synced copy" in never.err and not (tmp_path / "none.docx").exists()
    finally:
        pg.start()


def test_nothing_about_the_applicant_reaches_the_server(shared, run, pg, tmp_path):
    assert run("--evidence", shared.reader, "draft", CHINESE_NAME, "-o", tmp_path / "r.docx").code == 0
    assert run("--evidence", shared.reader, "match", CHINESE_NAME, "--json").code == 0
    log = pg.log.read_text(encoding="utf-8", errors="replace")
    assert "reportgen.library_version" in log  # the server logs every statement it is sent
    for private in ("陈志明", "Chen Zhiming", "PA/05678/2026", "administrative detention for ten days"):
        assert private not in log


def test_verify_checks_a_quote_against_the_edition_it_came_from(shared, run, tmp_path, monkeypatch):
    report = tmp_path / "report.docx"
    # an unattributed page is not chosen on its own merits: the case pins the paragraph to quote
    hits = run("--evidence", shared.reader, "evidence", "search", "When he refused police arrested his sister", "--json")
    pin = next(h["id"] for h in hits.json() if h["source"] == REPLACED)
    case = yaml.safe_load(Path(UK).read_text(encoding="utf-8"))
    case["risk_factors"][0]["pin"] = [pin]
    pinned = tmp_path / "pinned.yaml"
    pinned.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    assert run("--evidence", shared.reader, "draft", pinned, "-o", report).code == 0
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(tmp_path / "librarian-cache"))
        assert replace_text(tmp_path, run, shared.librarian, "When he refused, police", "When he refused, the police").code == 0
    found = run("--evidence", shared.reader, "verify", report, "--json").json()["problems"]
    changed = [p for p in found if p["kind"] == "changed-source"]
    assert len(changed) == 1 and not [p for p in found if p["kind"] == "altered-quote"], found
    assert "quoted verbatim from forced-returns-10000" in changed[0]["detail"] and "edition 1" in changed[0]["detail"]
    doc = open_docx(report)
    quote = next(p for p in doc.paragraphs if p.style.name == "Quote" and "refused, police" in p.text)
    for r in quote.runs:
        r.text = r.text.replace("police", "POLICE")
    doc.save(report)
    found = run("--evidence", shared.reader, "verify", report, "--json").json()["problems"]
    altered = [p for p in found if p["kind"] == "altered-quote"]
    assert len(altered) == 1 and "edition 1" in altered[0]["detail"] and "POLICE" in altered[0]["detail"]


def test_without_the_team_extra_the_message_says_what_to_install(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    result = run("--evidence", "postgresql://reader@localhost/library", "evidence", "list")
    assert result.code == 2 and "pip install 'reportgen[team]'" in result.err


def test_import_csl_adds_an_edition_with_the_same_bytes_and_new_metadata(shared, run, tmp_path):
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([{"title": "Report: China has forced at least 10,000 troublesome Chinese abroad back home",
                                "author": [{"given": "Ola", "family": "Nordmann"}],
                                "issued": {"date-parts": [[2022, 5, 27]]}}]), encoding="utf-8")
    result = run("--evidence", shared.librarian, "evidence", "import-csl", csl)
    assert result.code == 0 and REPLACED in result.out, result.err
    rows = shared.query("SELECT edition, sha256, metadata->>'author', added_by FROM reportgen.editions "
                        "WHERE source_id = %s ORDER BY edition", REPLACED)
    assert [r[0] for r in rows] == [1, 2] and rows[0][1] == rows[1][1]
    assert rows[1][2] == "Ola Nordmann" and rows[1][3] == "librarian"
    listed = {s["id"]: s for s in run("--evidence", shared.reader, "evidence", "list", "--json").json()}
    assert listed[REPLACED]["author"] == "Ola Nordmann" and listed[REPLACED]["published"] == "2022-05-27"


def test_the_readme_gives_the_grants_that_evidence_init_prints():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert schema.LIBRARIAN_GRANTS.format(role="alice") in readme


def test_init_reads_a_markdown_sources_front_matter_as_a_folder_library_does(team, run, tmp_path):
    """A site's own front-matter keys (layout) are left out, as the folder library leaves them out:
    the team import must not refuse what the folder indexes."""
    folder = tmp_path / "blog"
    shutil.copytree(SHIPPED / "taxonomies", folder / "taxonomies")
    (folder / "sources").mkdir()
    (folder / "sources" / "post.md").write_text(
        "---\nid: post\ntitle: A post\nauthor: unknown\npublisher: A blog\npublished: 2025-01-02\nurl: unknown\n"
        "accessed: 2026-11-01\ncountry: [CN]\nsource_type: news\nlanguage: en\nlayout: post\n---\n\n"
        "Relatives of activists abroad were questioned by police in their home towns last year.\n", encoding="utf-8")
    assert run("--evidence", folder, "evidence", "list").code == 0
    result = run("--evidence", team.admin, "evidence", "init", "--from", folder)
    assert result.code == 0, result.err
    listed = run("--evidence", team.admin, "evidence", "list", "--json").json()
    assert [s["id"] for s in listed] == ["post"] and listed[0]["title"] == "A post"


# --- a hostile server: what it sends is checked before it touches a member's disk --------------

def _outside(tmp_path: Path, root: Path) -> set[str]:
    return {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.is_relative_to(root)}


def test_names_from_a_hostile_server_never_write_or_delete_outside_the_synced_copy(shared, run, tmp_path, monkeypatch):
    root = sync.local_root(shared.reader)
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    victim = tmp_path / "victimdir"
    victim.mkdir()
    (victim / "precious.txt").write_text("the user's own file", encoding="utf-8")
    before = _outside(tmp_path, root)
    seed = (SHIPPED / "sources" / f"{REPLACED}.txt").read_bytes()
    serve(shared.admin, "escape", "../../../../escape.txt", b"overwritten by the server")
    serve(shared.admin, "absolute", str(tmp_path / "absolute.txt"), b"overwritten by the server")
    serve(shared.admin, "../../../../victimdir", "victim.txt", seed)
    serve(shared.admin, "dotted", ".team-sync.json", b"{}")
    serve_taxonomy(shared.admin, "../../../../tax-escape", "factors: []\n")
    listed = run("--evidence", shared.reader, "evidence", "list", "--json")
    assert listed.code == 0, listed.err
    assert sorted(s["id"] for s in listed.json()) == SHIPPED_IDS  # the rest of the library works
    for refused in ("'../../../../escape.txt'", "'../../../../victimdir'", "'../../../../tax-escape'",
                    "'.team-sync.json'", repr(str(tmp_path / "absolute.txt"))):
        assert refused in listed.err, listed.err
    monkeypatch.setenv(envvars.TEAM_COUNTRIES, "TW")  # a narrower copy: sources are removed
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    assert _outside(tmp_path, root) == before
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "the user's own file"
    assert sorted(p.name for p in (root / "sources").iterdir() if ".meta" not in p.name) == [
        "chen-siming-taiwan-airport.txt"]


def test_a_state_file_naming_paths_outside_is_neither_used_nor_deleted_from(shared, run, tmp_path, monkeypatch):
    """A copy synced by an earlier reportgen recorded what the server said: its records are checked too."""
    root = sync.local_root(shared.reader)
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    outside = tmp_path / "kept.txt"
    outside.write_text("not the library's", encoding="utf-8")
    state = json.loads((root / sync.STATE_FILE).read_text(encoding="utf-8"))
    state["sources"]["../../../../kept"] = {"edition": 1, "sha256": "0", "file": "../../../../kept.txt"}
    state["library_version"] = -1
    (root / sync.STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    assert outside.read_text(encoding="utf-8") == "not the library's"


def test_rows_the_sync_did_not_ask_for_are_refused_not_written(shared, run, tmp_path, monkeypatch):
    """A server (or what poses as one) answering with editions the sync did not ask for: their
    ids and numbers name folders, so they are refused and named, and nothing is written outside
    the copy, not even as a quarantined file."""
    import datetime as dt

    from reportgen.team import server
    root = sync.local_root(shared.reader)
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(tmp_path / "librarian-cache"))
        assert replace_text(tmp_path, run, shared.librarian, "When he refused, police", "When he refused, the police").code == 0
    before = _outside(tmp_path, root)
    listed, fetch = server.all_editions, server.fetch_editions
    unasked = "../../../unasked"  # from the quarantine folder: tmp_path/unasked.1

    def more_listed(conn, ids):
        return [(REPLACED, "../../../numbered", "0" * 64, f"{REPLACED}.txt"), *listed(conn, ids),
                (unasked, 1, "0" * 64, "unasked.txt")]

    def more_fetched(conn, wanted):
        yield from fetch(conn, wanted)
        yield unasked, 1, "unasked.txt", b"bytes the sync never asked for", "0" * 64, None, "x", dt.datetime.now()
    monkeypatch.setattr(server, "all_editions", more_listed)
    monkeypatch.setattr(server, "fetch_editions", more_fetched)
    result = run("--evidence", shared.reader, "evidence", "list", "--json")
    assert result.code == 0, result.err
    assert "'../../../numbered'" in result.err and "'../../../unasked'" in result.err, result.err
    assert sorted(s["id"] for s in result.json()) == SHIPPED_IDS
    assert "When he refused, the police" in (root / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8")
    assert _outside(tmp_path, root) == before and not (tmp_path / "unasked.1").exists()


def test_a_sync_stopped_halfway_keeps_the_last_good_copy_in_use(shared, run, pg, tmp_path, monkeypatch):
    from reportgen.team import server
    root = sync.local_root(shared.reader)
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    old_text = (root / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8")
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(tmp_path / "librarian-cache"))
        assert replace_text(tmp_path, run, shared.librarian, "When he refused, police", "When he refused, the police").code == 0
    fetch = server.fetch_editions

    def stopping(conn, wanted):
        pg.stop()  # the server goes away while the sync is under way
        yield from fetch(conn, wanted)
    monkeypatch.setattr(server, "fetch_editions", stopping)
    try:
        halfway = run("--evidence", shared.reader, "evidence", "list", "--json")
        assert halfway.code == 0, halfway.err
        assert "stopped answering" in halfway.err and "working from the copy last synced" in halfway.err
        assert sorted(s["id"] for s in halfway.json()) == SHIPPED_IDS
        assert (root / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8") == old_text
        assert not (root / sync.STAGE_DIR).exists()
    finally:
        pg.start()
    monkeypatch.setattr(server, "fetch_editions", fetch)
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    assert "When he refused, the police" in (root / "sources" / f"{REPLACED}.txt").read_text(encoding="utf-8")


def test_an_edition_failing_its_sha256_is_quarantined_and_named_and_the_rest_works(shared, run, tmp_path):
    root = sync.local_root(shared.reader)
    assert run("--evidence", shared.reader, "evidence", "list").code == 0
    good = (root / "sources" / f"{REPLACED}.txt").read_bytes()
    serve(shared.admin, REPLACED, f"{REPLACED}.txt", b"tampered bytes", edition=2, sha="0" * 64)
    serve(shared.admin, "brand-new", "brand-new.txt", b"tampered too", sha="1" * 64)
    for attempt in range(2):  # named on every run, not only the one that met it
        listed = run("--evidence", shared.reader, "evidence", "list", "--json")
        assert listed.code == 0, listed.err
        assert f"{REPLACED} edition 2 was quarantined" in listed.err and "brand-new edition 1 was quarantined" in listed.err
        assert "run the command again" not in listed.err
        assert sorted(s["id"] for s in listed.json()) == SHIPPED_IDS
    assert (root / "sources" / f"{REPLACED}.txt").read_bytes() == good  # the last good edition
    assert (root / sync.QUARANTINE_DIR / f"{REPLACED}.2").read_bytes() == b"tampered bytes"
    report = tmp_path / "r.docx"
    assert run("--evidence", shared.reader, "draft", UK, "-o", report).code == 0


@pytest.mark.parametrize("password", ["p@ss/w0rd-secret", "50%offsecret", "abcd/efghij", "with spacey"])
def test_a_password_is_never_printed_nor_sent_anywhere_but_the_server(team, run, pg, password):
    from urllib.parse import quote
    url = pg.url("reader", team.db, password=password)
    raw = run("--evidence", url, "evidence", "list")
    assert raw.code == 2 and "percent-encoded" in raw.err, raw.err
    assert password not in raw.err and password.split("/")[-1] not in raw.err and "***" in raw.err
    encoded = run("--evidence", pg.url("reader", team.db, password=quote(password, safe="")), "evidence", "list")
    assert encoded.code == 2 and "wrong user name or password" in encoded.err
    assert password not in encoded.err and quote(password, safe="") not in encoded.err


def test_an_encoded_password_with_special_characters_connects(shared, run, pg):
    from urllib.parse import quote
    pg.psql("CREATE ROLE odd LOGIN PASSWORD 'p@ss/w rd%x'; GRANT pg_read_all_data TO odd")
    url = pg.url("odd", shared.db, password=quote("p@ss/w rd%x", safe=""))
    listed = run("--evidence", url, "evidence", "list")
    assert listed.code == 0, listed.err
    assert "p@ss" not in listed.err + listed.out and "%x" not in listed.err + listed.out


def test_a_taxonomy_with_yaml_aliases_from_the_server_is_refused_before_expansion(shared, run, tmp_path, monkeypatch):
    from hostile import aliased_yaml, yaml_built
    built = yaml_built(monkeypatch, tmp_path / "built.log")
    text = (SHIPPED / "taxonomies" / "CN.yaml").read_text(encoding="utf-8")
    import psycopg
    with psycopg.connect(shared.admin) as conn:
        conn.execute("UPDATE reportgen.library_version SET version = version + 1")
        conn.execute("UPDATE reportgen.taxonomies SET yaml = %s, version = version + 1 WHERE country = 'CN'",
                     (aliased_yaml() + text,))
    result = run("--evidence", shared.reader, "factors", "--country", "CN")
    assert result.code == 2 and "CN.yaml" in result.err and "aliases" in result.err, result.err
    assert not built.exists()  # refused on the parser's alias event, before anything was built


def test_an_unexpected_error_never_prints_the_urls_password(run, monkeypatch):
    url = "postgresql://reader:s3cret/p@ss word@127.0.0.1:1/library"

    def broken(given, *_):
        raise RuntimeError(f"something went wrong with {given}")
    monkeypatch.setattr(sync, "synced_library", broken)
    result = run("--evidence", url, "evidence", "list")
    assert result.code == 1 and "unexpected error" in result.err and "***" in result.err, result.err
    assert "s3cret" not in result.err and "ss word" not in result.err
