"""Bytes to text for sources that do not always say their encoding (GOV.UK bodies, old pages)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ....errors import SourceError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def decode_bytes(data: bytes, path: Path, html: bool = False) -> str:
    """UTF-8 when the bytes are valid UTF-8 (most pages without a charset are); else the
    encoding the page declares; else what charset-normalizer detects; never a silent guess."""
    # UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096]) if html else None
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise SourceError(f"{path}: cannot tell the text encoding; save it as UTF-8")
    return data.decode(best.encoding, errors="replace")
