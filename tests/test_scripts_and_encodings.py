"""Plain text in Chinese is read as prose, and a page in UTF-32 is decoded as UTF-32 (issue 22:
a Chinese .txt source was refused as 'only headings or page furniture' while the same text as
.md was indexed; a UTF-32 page was read as UTF-16 and mojibake indexed without a word)."""

from __future__ import annotations

import codecs

import pytest
import yaml

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex

ARTICLES = ["第一条 为了维护国家安全，保卫人民民主专政的政权和中国特色社会主义制度，保护人民的根本利益，制定本法。",
            "第二条 国家安全是指国家政权、主权、统一和领土完整、人民福祉、经济社会可持续发展和国家其他重大利益相对处于"
            "没有危险和不受内外威胁的状态。"]
PAGE = ("<html><head><title>Report</title></head><body><h1>Family pressure</h1><p>Police detained the relatives "
        "of critics abroad and questioned their parents for days.</p></body></html>")


def library(tmp_path, name: str, data: bytes, language: str):
    root = tmp_path / "lib"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / name).write_bytes(data)
    stem = name.rsplit(".", 1)[0]
    meta = {"id": stem, "title": stem, "author": "unknown", "publisher": "X", "published": "2024", "url": "unknown",
            "accessed": "unknown", "country": ["CN"], "source_type": "government", "language": language}
    (root / "sources" / f"{stem}.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return EvidenceIndex.open(Library(root)), stem


def test_chinese_plain_text_is_indexed_as_prose(tmp_path):
    index, stem = library(tmp_path, "law.txt", "\n\n".join(ARTICLES).encode("utf-8"), "zh")
    assert [p.text for p in index.paragraphs(stem)] == ARTICLES


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_a_utf32_page_is_read_as_utf32(tmp_path, codec):
    data = PAGE.encode(codec)
    if codec == "utf-32-be":
        data = codecs.BOM_UTF32_BE + data
    index, stem = library(tmp_path, "page.html", data, "en")
    texts = [p.text for p in index.paragraphs(stem)]
    assert texts == ["Police detained the relatives of critics abroad and questioned their parents for days."]
