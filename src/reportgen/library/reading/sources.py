"""Reading a source document with its citation metadata (front matter or a .meta.yaml sidecar, see metadata.py)."""

from __future__ import annotations

from pathlib import Path

from ...errors import SourceError
from ...limits import bounded, check_source_size
from ...models import SourceDocument
from .metadata import KNOWN_KEYS, meta_path_for, parse_meta, read_sidecar, split_front_matter
from .readers import STRUCTURED_SUFFIXES, read_structured


def read_content(path: Path) -> tuple[tuple, str, dict, dict]:
    """(blocks, text, metadata the document states, where each value was found) of one file:
    the costly part of reading, and the one place that refuses a file with nothing in it. The
    parsers run in a worker process with hard memory and time limits (limits.bounded): a C parser
    cannot be interrupted from Python, and a decompression bomb must not take the machine's memory."""
    check_source_size(path, SourceError)  # a device or a huge file is refused before a worker starts
    return bounded(_read_content, path, path=path, error=SourceError)


def _read_content(path: Path) -> tuple[tuple, str, dict, dict]:
    if path.suffix.lower() in STRUCTURED_SUFFIXES:
        extracted = read_structured(path)
        blocks, text, stated, origins = extracted.blocks, "", extracted.meta, extracted.origins
    else:
        stated, text = split_front_matter(read_text(path), path)
        blocks, origins = (), {k: "the front matter" for k in stated}
        if stated and not text.strip():
            raise SourceError(f"{path}: source is empty (front matter only)")
    if not blocks and not text.strip():
        raise SourceError(f"{path}: source is empty")
    return blocks, text, stated, origins


def read_source(path: Path, content: tuple[tuple, str, dict, dict] | None = None) -> SourceDocument:
    """Read one source; metadata from front matter that names the source's id (text or Markdown)
    when no sidecar is beside it, else from the sidecar (which `evidence add` writes, so what it
    wrote is what is cited). `content` is what read_content gave, when the caller has read it."""
    blocks, text, stated, _ = content or read_content(path)
    if "id" in stated and not meta_path_for(path).is_file():
        raw_meta, meta_file = front_matter_meta(stated, structured=bool(blocks)), path
    else:
        meta_file = meta_path_for(path)
        if not meta_file.is_file():
            raise SourceError(f"{path}: no citation metadata (expected {meta_file.name}, which "
                              f"`reportgen evidence add` writes, or front matter in a text file)")
        raw_meta = read_sidecar(meta_file)
    return SourceDocument(meta=parse_meta(raw_meta, meta_file, path.name), text=text, blocks=blocks)


def read_text(path: Path) -> str:
    """A text source decoded, or an error saying why it is not usable text (its size was
    checked by read_content, its one caller, before the worker started)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in data[:8192]:
        raise SourceError(f"{path}: looks binary, not text (NUL bytes); convert it to text first")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter_meta(stated: dict, structured: bool) -> dict:
    """A source's metadata from its front matter: a text file's front matter is its whole
    metadata; a Markdown file's may carry a site's own keys (layout, slug), which are left out."""
    return {k: v for k, v in stated.items() if k in KNOWN_KEYS} if structured else stated
