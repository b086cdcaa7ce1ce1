"""A paragraph in the running for a factor, with its score and why: what ranking, folding
editions and selecting pass between them."""

from __future__ import annotations

from dataclasses import dataclass

from ..library.indexing.read import Hit


@dataclass(frozen=True)
class _Candidate:
    """A paragraph weighed for one issue, with its score and the reasons for it."""

    hit: Hit
    score: float
    why: str
    also_in: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    pinned: bool = False
    also_stated_by: tuple = ()  # SourceMeta of other publications that print the same text
    passing: bool = False  # names the factor's matter by one word only (weighing.mention)
    position_only: bool = False  # contrary text below the factor's bar: the state's position, not evidence
