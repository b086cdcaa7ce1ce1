"""Risk-factor taxonomies (data files, one per country) and tagging paragraphs with their factors.

A hint is a word or a phrase; a word ending in '*' matches any word it begins. Single words
weigh 1, phrases 2, and a heading that names the factor's subject weighs 2: a paragraph is
tagged when its weight reaches the factor's threshold. Words are looked up once per distinct
word (memoised), so tagging stays linear in the text and cheap beside the FTS insert.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import TaxonomyError
from .models import FactorHints, RiskFactor, Taxonomy

WORD_RE = re.compile(r"[\w’']+")
_FACTOR_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def load_taxonomy(path: Path) -> Taxonomy:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("factors"), list):
        raise TaxonomyError(f"{path}: a taxonomy needs 'country' and a list of 'factors'")
    factors = _entries(raw["factors"], path, needs=("id", "label", "description", "ground"))
    topics = _entries(raw.get("topics") or [], path, needs=("id", "label"))
    ids = [f.id for f in factors + topics]
    if len(set(ids)) != len(ids):
        raise TaxonomyError(f"{path}: factor or topic ids repeat")
    return Taxonomy(country=str(raw.get("country", path.stem)).upper(), name=str(raw.get("name", path.stem)),
                    factors=tuple(factors), contrary=_hints(raw.get("contrary") or {}, path, "contrary"),
                    topics=tuple(topics))


def _entries(items: list, path: Path, needs: tuple[str, ...]) -> list[RiskFactor]:
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise TaxonomyError(f"{path}: entry {i} must be a mapping")
        missing = [k for k in needs if not item.get(k)]
        if missing:
            raise TaxonomyError(f"{path}: {item.get('id', f'entry {i}')} is missing {', '.join(missing)}")
        if not _FACTOR_ID.match(str(item["id"])):
            raise TaxonomyError(f"{path}: id '{item['id']}' must be lower-case words joined by '-'")
        out.append(RiskFactor(
            id=item["id"], label=str(item["label"]), description=" ".join(str(item.get("description", "")).split()),
            ground=str(item.get("ground", "")), hints=_hints(item.get("match") or {}, path, item["id"])))
    return out


def _hints(raw: dict, path: Path, where: str) -> FactorHints:
    def strings(key):
        value = raw.get(key) or []
        if not isinstance(value, list):
            raise TaxonomyError(f"{path}: {where}: match.{key} must be a list")
        return tuple(str(v).lower() for v in value)
    return FactorHints(terms=strings("terms"), phrases=strings("phrases"),
                       heading_terms=strings("heading_terms"), requires=strings("requires"),
                       threshold=float(raw.get("threshold", 2)))


# --- tagging ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]  # each exact, or a prefix when it ends in '*'
    weight: float
    label: str


def _compile(hints: FactorHints) -> tuple[list[_Pattern], list[_Pattern], list[_Pattern]]:
    def pats(items, weight):
        return [_Pattern(tuple(_pattern_words(h)), weight, h) for h in items if _pattern_words(h)]
    body = pats(hints.terms, 1.0) + pats(hints.phrases, 2.0)
    return body, pats(hints.heading_terms, 2.0), pats(hints.requires, 0.0)


def _pattern_words(hint: str) -> list[str]:
    """A hint split as text is tokenized, so 'long-arm policing' finds 'long-arm policing'."""
    return [w for w in (_clean(m) for m in re.findall(r"[\w’']+\*?", hint.lower())) if w]


def _word_matches(word: str, pattern_word: str) -> bool:
    return word.startswith(pattern_word[:-1]) if pattern_word.endswith("*") else word == pattern_word


class Tagger:
    """Tags paragraphs with the factors of one taxonomy, and marks contrary (state-position) text."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        # first word of a pattern -> [(group, factor index, pattern)]; group: body | head | req | contrary
        self._by_first: dict[str, list[tuple[str, int, _Pattern]]] = {}
        self._entries = taxonomy.factors + taxonomy.topics
        for fi, factor in enumerate(self._entries):
            body, head, req = _compile(factor.hints)
            for group, patterns in (("body", body), ("head", head), ("req", req)):
                for p in patterns:
                    self._by_first.setdefault(p.words[0], []).append((group, fi, p))
        for p in _compile(taxonomy.contrary)[0]:
            self._by_first.setdefault(p.words[0], []).append(("contrary", -1, p))
        self._prefixes = {w[:-1] for w in self._by_first if w.endswith("*")}
        self._lengths = sorted({len(p) for p in self._prefixes})
        self._keys = lru_cache(maxsize=200_000)(self._keys_of)

    def _keys_of(self, word: str) -> tuple[str, ...]:
        keys = [word] if word in self._by_first else []
        keys += [word[:n] + "*" for n in self._lengths if word[:n] in self._prefixes]
        return tuple(keys)

    def _hits(self, tokens: list[str], groups: tuple[str, ...]) -> set[tuple[str, int, _Pattern]]:
        found = set()
        for i, token in enumerate(tokens):
            for key in self._keys(token):
                for entry in self._by_first[key]:
                    rest = entry[2].words[1:]
                    if entry[0] in groups and all(
                            i + k + 1 < len(tokens) and _word_matches(tokens[i + k + 1], w)
                            for k, w in enumerate(rest)):
                        found.add(entry)
        return found

    def score(self, text: str, heading: str = "") -> dict[str, tuple[float, list[str]]]:
        """Factor id -> (weight, matched hints) for every factor the paragraph reaches."""
        hits = self._hits(tokenize(text), ("body", "req"))
        if heading:
            hits |= self._hits(tokenize(heading), ("head", "req"))
        per_factor: dict[int, list[tuple[str, _Pattern]]] = {}
        for group, fi, p in hits:
            per_factor.setdefault(fi, []).append((group, p))
        result = {}
        for fi, found in per_factor.items():
            factor = self._entries[fi]
            if factor.hints.requires and not any(g == "req" for g, _ in found):
                continue
            weight = sum(p.weight for g, p in found if g != "req")
            if weight >= factor.hints.threshold:
                labels = sorted(p.label if g == "body" else f"heading: {p.label}" for g, p in found if g != "req")
                result[factor.id] = (weight, labels)
        return result

    def is_contrary(self, text: str) -> bool:
        return bool(self._hits(tokenize(text), ("contrary",)))


def tokenize(text: str) -> list[str]:
    return [w for w in (_clean(m) for m in WORD_RE.findall(text.lower())) if w]


def _clean(word: str) -> str:
    """Apostrophes folded and possessives dropped: "embassy’s" is "embassy"."""
    word = word.replace("’", "'")
    if word.endswith("'s") or word.endswith("'s*"):
        word = word.replace("'s", "")
    return word.strip("'")
