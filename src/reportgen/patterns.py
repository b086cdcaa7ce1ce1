"""Patterns compiled on first use. A module's `re.compile` runs on every command that loads it:
a draft loads modules whose patterns only an index build uses (a paragraph's traits, how a line
of a source ends), and compiling those cost every draft ~4 ms. Such a pattern is written
`lazy(r"...")` and compiles when it is first asked something."""

from __future__ import annotations

import re


class LazyPattern:
    """A compiled pattern's search, match, findall, finditer and sub, compiled on the first call."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, string: str, *span) -> re.Match | None:
        return self.compiled.search(string, *span)

    def match(self, string: str, *span) -> re.Match | None:
        return self.compiled.match(string, *span)

    def findall(self, string: str, *span) -> list:
        return self.compiled.findall(string, *span)

    def finditer(self, string: str, *span):
        return self.compiled.finditer(string, *span)

    def sub(self, repl, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
