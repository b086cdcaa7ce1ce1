"""The places and groups each paragraph names, worked out at index time (library.indexing.names),
are what matching's own scan of the paragraph finds, on a first build and after a re-index."""

import sqlite3

from conftest import EXAMPLES
from test_index import add_source

from reportgen.library.indexing.names import seen_text, taxonomy_key
from reportgen.matching.weighing import applicant_fit
from reportgen.workspace import Workspace

TIBET = ("Monasteries\nPolice in Lhasa detained Tibetan monks who kept photographs of the Dalai Lama, and "
         "officials in Xinjiang questioned Uyghur relatives of people abroad.\n")


def stored_and_scanned(library, case_file):
    """{paragraph id: (the names the index stored, the names ApplicantFit.named finds)} for every
    paragraph of the case's country."""
    ws = Workspace(evidence=str(library))
    case = ws.load_case(case_file)
    taxonomy = ws.taxonomy(case.applicant.country)
    fit = applicant_fit(case, taxonomy)
    index = ws.index()
    with sqlite3.connect(index.library.index_path) as conn:
        rows = conn.execute("SELECT p.id, p.heading, p.text, n.groups FROM paragraphs p JOIN source_country c "
                            "ON c.source_id = p.source_id AND c.country = ? LEFT JOIN named n "
                            "ON n.paragraph = p.rowid AND n.key = ?",
                            (taxonomy.country, taxonomy_key(taxonomy))).fetchall()
    return {pid: (None if groups is None else set(filter(None, groups.split(","))),
                  set(fit.named(seen_text(heading, text)))) for pid, heading, text, groups in rows}


def test_stored_names_are_what_matching_finds(library):
    for case_file in (EXAMPLES / "uk-chinese-name.yaml", EXAMPLES / "uk-russia.yaml"):
        found = stored_and_scanned(library, case_file)
        assert len(found) > 100
        assert all(stored == scanned for stored, scanned in found.values()), case_file
        assert sum(bool(scanned) for _, scanned in found.values()) > 20  # the comparison means something


def test_a_reindex_names_new_paragraphs_and_forgets_removed_ones(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, text=TIBET)
    assert run("--evidence", library, "evidence", "index").code == 0
    found = stored_and_scanned(library, EXAMPLES / "uk-chinese-name.yaml")
    new = {pid: v for pid, v in found.items() if pid.startswith("test-source:")}
    assert new and all(stored == scanned for stored, scanned in new.values())
    assert {"tibet", "xinjiang-uyghur"} <= set().union(*(stored for stored, _ in new.values()))
    (library / "sources" / "test-source.txt").unlink()
    (library / "sources" / "test-source.meta.yaml").unlink()
    assert run("--evidence", library, "evidence", "index").code == 0
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        orphans = conn.execute("SELECT count(*) FROM named WHERE paragraph NOT IN (SELECT rowid FROM paragraphs)")
        assert orphans.fetchone()[0] == 0
