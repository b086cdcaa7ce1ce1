"""What every format reader returns: the document's blocks and the metadata it states."""

from __future__ import annotations

from dataclasses import dataclass, field

from ....models import SourceBlock


@dataclass(frozen=True)
class Extracted:
    """What a format reader found in a document."""

    blocks: tuple[SourceBlock, ...]
    meta: dict = field(default_factory=dict)  # only keys the document states: title, author, ...
    ignored: tuple[str, ...] = ()  # metadata keys the document carries that the contract does not know
    origins: dict = field(default_factory=dict)  # where each key of `meta` was found, for `evidence add` to say
    set_aside: tuple[tuple[str, str], ...] = ()  # (text, why) of what the reader saw and left out: counted, not lost
