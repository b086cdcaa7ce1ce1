"""Tables of data told from tables of prose, one rule for HTML and Word (and the benchmark)."""

from __future__ import annotations

import re


def data_table(cells: list[str]) -> bool:
    """A table of data rather than of prose: most of its cells are numbers, codes or a few
    words, and hardly any reads as a sentence (a layout table or a questionnaire holds prose)."""
    cells = [" ".join(c.split()) for c in cells if c and c.strip()]
    if len(cells) < 4:
        return False
    prose = sum(1 for c in cells if len(re.findall(r"[^\W\d_]{2,}", c)) >= 6
                or len(re.findall(r"[\u3400-\u9fff]", c)) >= 12)
    return prose < 0.25 * len(cells)
