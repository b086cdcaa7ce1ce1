"""`evidence show` and `evidence search` return the paragraph objects of docs/outputs.md."""

SHAPE = {"id", "source", "locator", "text", "factors", "citation"}


def test_show_json_shape(run, library):
    paragraphs = run("--evidence", library, "evidence", "show", "japan-exiles-intimidation", "--json").json()
    assert len(paragraphs) == 28
    assert all(SHAPE <= set(p) for p in paragraphs)
    assert paragraphs[0]["locator"] == "para 1"
    assert paragraphs[2]["text"].startswith("But “A”, who lives in self-imposed exile")
    assert "family-in-country" in paragraphs[2]["factors"]
    assert paragraphs[11]["citation"].endswith("n.d., URL unknown, para 12 (reporting Human Rights Watch).")


def test_search_finds_and_filters(run, library):
    hits = run("--evidence", library, "evidence", "search", "extradition", "--json").json()
    assert hits and all("extradit" in h["text"].lower() for h in hits)
    assert all(SHAPE <= set(h) for h in hits)
    only = run("--evidence", library, "evidence", "search", "extradition", "--source",
               "chen-siming-taiwan-airport", "--json").json()
    assert only and {h["source"] for h in only} == {"chen-siming-taiwan-airport"}
    tagged = run("--evidence", library, "evidence", "search", "police", "--factor", "family-in-country", "--json").json()
    assert tagged and all("family-in-country" in h["factors"] for h in tagged)
    assert run("--evidence", library, "evidence", "search", "police", "--country", "JP", "--json").json()
    assert run("--evidence", library, "evidence", "search", "police", "--country", "FR", "--json").json() == []


def test_search_text_is_never_query_syntax(run, library):
    result = run("--evidence", library, "evidence", "search", 'NEAR(" AND OR * ^', "--json")
    assert result.code == 0 and isinstance(result.json(), list)


def test_show_unknown_source_suggests(run, library):
    result = run("--evidence", library, "evidence", "show", "forced-returns")
    assert result.code == 2 and "did you mean 'forced-returns-10000'" in result.err
