"""Headings that say what follows them, shared by segmenting (a policy note's assessment is the
respondent's position) and matching (which leads the other side's case with it), without
loading stance's patterns into a draft."""

from __future__ import annotations

import re

POLICY_HEADING = re.compile(r"\b(assessment|consideration of issues|policy summary|conclusions?)\b", re.I)
