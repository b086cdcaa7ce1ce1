"""The user cache keeps what a run can make again (compiled templates, the default template's
styles): a value comes back as stored; a damaged, emptied or missing entry is a miss; a cache
that cannot be written costs time, never an error."""

from __future__ import annotations

import os

from reportgen import user_cache


def test_a_kept_value_comes_back_and_a_damaged_one_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    value = ([("Normal", "Normal"), ("Heading 1", "Heading1")], b"<w:styles/>" * 1000)
    assert user_cache.load("kind", "a.styles") is None
    user_cache.store("kind", "a.styles", value)
    assert user_cache.load("kind", "a.styles") == value
    (kept,) = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert kept.name == "a.styles"  # no temporary file left beside it
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    assert user_cache.load("kind", "a.styles") is None
    kept.write_bytes(b"")
    assert user_cache.load("kind", "a.styles") is None


def test_a_cache_that_cannot_be_written_is_only_a_miss(tmp_path, monkeypatch):
    home = tmp_path / "readonly"
    home.mkdir()
    os.chmod(home, 0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    try:
        user_cache.store("kind", "b.code", compile("1 + 1", "<t>", "eval"))  # no error
        if not os.access(home, os.W_OK):  # root may write anywhere: then it is simply kept
            assert user_cache.load("kind", "b.code") is None
    finally:
        os.chmod(home, 0o700)
