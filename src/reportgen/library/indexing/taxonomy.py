"""Risk-factor taxonomies (data files, one per country) and the hints that tag paragraphs.

A hint is a word or a phrase; a last word ending in '*' matches any word it begins. Terms
weigh 1, phrases (strong signals) 2, and a heading that names the factor's subject 2: a
paragraph is tagged when its weight reaches the factor's threshold and, where the factor
lists `requires`, it contains one of those as well.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...errors import TaxonomyError
from ...limits import regular_file
from ...models import PROFILE_FIELDS, FactorHints, PlaceOrGroup, RiskFactor, Taxonomy
from ...text import word_char
from ...yamlio import load_yaml_file
from .searchtext import index_terms, phrase_words

_FACTOR_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def parse_taxonomies(paths: list[Path]) -> tuple[list, str]:
    """(each taxonomy file as parsed, the same as the index keeps it: JSON of {file name: its sha256
    and parse}). A parse that JSON would not give back as it is (a key that is not a string) is
    not kept: it is parsed again when read."""
    raws, kept = [], {}
    for path in paths:
        raws.append(load_yaml_file(path, TaxonomyError, "taxonomy"))
        try:
            text = json.dumps(raws[-1], ensure_ascii=False)
        except (TypeError, ValueError):
            continue
        if json.loads(text) == raws[-1]:
            kept[path.name] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "raw": raws[-1]}
    return raws, json.dumps(kept, ensure_ascii=False)


def parsed_before(index: Path, path: Path):
    """A taxonomy file as the index's build parsed it (in a bounded worker), if the file has the
    same bytes now; else None (the caller parses it). A draft's parse in a worker process cost
    about 15 ms; reading it from the index costs well under one."""
    try:
        regular_file(path, TaxonomyError, "taxonomy")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with closing(sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM info WHERE key = 'taxonomies'").fetchone()
        kept = json.loads(row[0]).get(path.name) if row else None
    except (OSError, ValueError, sqlite3.Error, TaxonomyError):
        return None
    return kept["raw"] if kept and kept.get("sha256") == digest else None


def described(entry: RiskFactor) -> str:
    """What an entry is about, as a free-text query: its label and description. The index ranks
    it once per build, so matching need not score the library for it on every case."""
    return f"{entry.label} {entry.description}"


def load_taxonomy(path: Path, raw=None) -> Taxonomy:
    """The taxonomy in a file; `raw`: the file as parsed before (parse_taxonomies, parsed_before)."""
    if raw is None:
        raw = load_yaml_file(path, TaxonomyError, "taxonomy")  # parsed in a bounded worker: aliases refused
    if not isinstance(raw, dict) or not isinstance(raw.get("factors"), list):
        raise TaxonomyError(f"{path}: a taxonomy needs 'country' and a list of 'factors'")
    if "contrary" in raw:  # wording that had no effect must not look as if it had
        raise TaxonomyError(f"{path}: 'contrary' hints are no longer used (contrary evidence is found by who "
                            f"asserts what in the paragraph, whatever the taxonomy); delete the key")
    factors = _entries(raw["factors"], path, needs=("id", "label", "description", "ground"))
    topics = _entries(raw.get("topics") or [], path, needs=("id", "label"))
    ids = [f.id for f in factors + topics]
    if len(set(ids)) != len(ids):
        raise TaxonomyError(f"{path}: factor or topic ids repeat")
    return Taxonomy(country=str(raw.get("country", path.stem)).upper(), name=str(raw.get("name", path.stem)),
                    factors=tuple(factors),
                    topics=tuple(topics),
                    places_and_groups=tuple(_places_and_groups(raw.get("places_and_groups") or [], path)),
                    state_publishers=tuple(_texts(raw.get("state_publishers") or [], path, "state_publishers")),
                    own_codes=tuple(c.upper() for c in _texts(raw.get("own_codes") or [], path, "own_codes")))


_APPLICANT_FIELDS = ("home_area", "return_area", "ethnicity", "religion", "factors")  # factors: ids instructed
AREA_FIELDS = ("home_area", "return_area")


@lru_cache(maxsize=256)
def _names_of(terms: tuple[str, ...]) -> re.Pattern:
    """The terms as one trie-shaped pattern ('h(?:ksar|ong kong(?:ers)?)'): it finds what the
    plain longest-first alternation finds (at a place, the terms that match lie on one path and
    the longest is tried first), at twice its speed on the library's paragraphs (matching asks
    it of each candidate). Terms whose lower case changes their length keep the alternation."""
    lowered = {t.lower() for t in terms}
    if any(len(t) != len(t.lower()) for t in terms):
        words = sorted(terms, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t) for t in words) + r")(?![\w])", re.I)
    return re.compile(r"(?<![\w])" + _trie(sorted(lowered)) + r"(?![\w])", re.I)


def _trie(words: list[str]) -> str:
    """A pattern for any of these words, sharing their prefixes; a longer word before its prefix."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return "(?:" + pattern(root) + ")"


def names_pattern(terms) -> re.Pattern:
    """Any of these names as whole words, any case (longest first: 'Hong Kongers' before 'Hong Kong')."""
    return _names_of(tuple(terms))


@lru_cache(maxsize=256)
def excepted_pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    """An entry's `except` phrases as one pattern, as loosely as the index finds them (a plural, a
    hyphen for a space, '*' any ending): a paragraph that names another matter in the entry's
    words is not the entry's evidence, whatever else finds it (the instructed facts, the label)."""
    words = [re.findall(r"\w+\*?", p.lower()) for p in phrases]
    alts = [r"[\s\-]+".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
                              for w in ws) + ("" if ws[-1].endswith("*") else r"(?:s|es)?") for ws in words if ws]
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.I) if alts else None


def places_of(taxonomy: Taxonomy, applicant, factors: tuple[str, ...] = ()) -> list[tuple[PlaceOrGroup, bool]]:
    """The taxonomy's places and groups this applicant is in, each with whether their area (where
    they come from or would return) puts them there; one rule for matching and the report. A group
    of people singled out for what they do (the 709 crackdown's lawyers) is the applicant's when the
    case instructs one of its `factors`."""
    values = {"home_area": applicant.home_area, "return_area": applicant.return_area or applicant.home_area,
              "ethnicity": applicant.ethnicity, "religion": applicant.religion}

    def places(key: str, accepted: tuple[str, ...]) -> bool:
        if key == "factors":  # ids, compared as ids: not searched for as words in one another
            return bool(set(accepted) & set(factors))
        return bool(values.get(key)) and _names_any(values[key], accepted)

    out = []
    for g in taxonomy.places_and_groups:
        keys = [k for k, accepted in g.applicant if places(k, accepted)]
        if keys:
            out.append((g, any(k in AREA_FIELDS for k in keys)))
    return out



def _names_any(text: str, terms: tuple[str, ...]) -> bool:
    """Whether `text` names any of the terms as names_pattern finds them (a whole word, any case).
    An applicant's area or group is a few words: in ASCII, a search of the lowered text finds it
    without compiling a pattern per group (20-odd a draft)."""
    if not (text.isascii() and all(t.isascii() for t in terms)):
        return bool(names_pattern(terms).search(text))
    low = text.lower()
    for term in terms:
        term = term.lower()
        at = low.find(term)
        while at >= 0:
            end = at + len(term)
            if not (at and word_char(low[at - 1])) and not (end < len(low) and word_char(low[end])):
                return True
            at = low.find(term, at + 1)
    return False


def _texts(value, path: Path, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{path}: {where} must be a list of words or names")
    return [v.strip() for v in value]


def _places_and_groups(items, path: Path) -> list[PlaceOrGroup]:
    """`places_and_groups`: areas and groups with conditions of their own, and their aliases."""
    if not isinstance(items, list):
        raise TaxonomyError(f"{path}: places_and_groups must be a list")
    out = []
    for i, item in enumerate(items, 1):
        where = f"places_and_groups[{i}]"
        if not isinstance(item, dict) or not _FACTOR_ID.match(str(item.get("id", ""))):
            raise TaxonomyError(f"{path}: {where} needs an 'id' of lower-case words joined by '-'")
        unknown = set(item) - {"id", "terms", "applicant", "separate", "relocation", "except", "others_weight"}
        if unknown:
            raise TaxonomyError(f"{path}: {item['id']}: unknown key '{sorted(unknown)[0]}' (expected id, terms, "
                                f"applicant, separate, relocation, except, others_weight)")
        others_weight = item.get("others_weight", 0)
        if isinstance(others_weight, bool) or not isinstance(others_weight, (int, float)) or not 0 <= others_weight < 1:
            raise TaxonomyError(f"{path}: {item['id']}: others_weight must be a number from 0 up to (not including) 1")
        applicant = item.get("applicant") or {}
        if not isinstance(applicant, dict) or set(applicant) - set(_APPLICANT_FIELDS):
            raise TaxonomyError(f"{path}: {item['id']}: applicant must map some of {', '.join(_APPLICANT_FIELDS)} "
                                f"to the values that place an applicant in it")
        out.append(PlaceOrGroup(
            id=item["id"], terms=tuple(_texts(item.get("terms"), path, f"{item['id']}.terms")),
            applicant=tuple((k, tuple(_texts(v, path, f"{item['id']}.applicant.{k}"))) for k, v in applicant.items()),
            separate=bool(item.get("separate", False)), relocation=" ".join(str(item.get("relocation", "")).split()),
            excepted=tuple(_texts(item.get("except") or [], path, f"{item['id']}.except")),
            others_weight=float(others_weight)))
    return out


def _abroad(item: dict, path: Path) -> str:
    """`abroad: true`: evidence from abroad fits the factor (pressure on family at home, to reach
    someone abroad); `abroad: only`: its acts happen abroad (sur place), so an event at home is none."""
    value = item.get("abroad", False)
    if value not in (True, False, "only"):
        raise TaxonomyError(f"{path}: {item.get('id')}: abroad must be true, false or only (not {value!r})")
    return "only" if value == "only" else "yes" if value else "no"


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
        abroad = _abroad(item, path)
        out.append(RiskFactor(
            id=item["id"], label=str(item["label"]), description=" ".join(str(item.get("description", "")).split()),
            ground=str(item.get("ground", "")), hints=_hints(item.get("match") or {}, path, item["id"]),
            profile=_profile(item, path), abroad=abroad != "no", only_abroad=abroad == "only"))
    return out


def _profile(item: dict, path: Path) -> tuple[str, ...]:
    """`profile`: what of the applicant a topic's evidence is chosen for (default: all of it)."""
    if "profile" not in item:
        return PROFILE_FIELDS
    value = item["profile"] or []
    bad = [v for v in value if v not in PROFILE_FIELDS] if isinstance(value, list) else [value]
    if bad:
        raise TaxonomyError(f"{path}: {item['id']}: profile must list some of {', '.join(PROFILE_FIELDS)} "
                            f"(not '{bad[0]}')")
    return tuple(value)


def _hints(raw: dict, path: Path, where: str) -> FactorHints:
    def strings(key, value=None):
        value = (raw.get(key) or []) if value is None else value
        if not isinstance(value, list):
            raise TaxonomyError(f"{path}: {where}: match.{key} must be a list")
        hints = tuple(str(v).lower() for v in value)
        for hint in hints:
            if "*" in hint.rstrip("*"):
                raise TaxonomyError(f"{path}: {where}: '{hint}': a '*' may end only the last word of a hint")
        return hints
    def groups(key):
        """`requires: [a, b]` is one group; `requires: [[actor, ...], [act, ...]]` needs one of each."""
        value = raw.get(key) or []
        if not isinstance(value, list):
            raise TaxonomyError(f"{path}: {where}: match.{key} must be a list")
        if not any(isinstance(v, list) for v in value):
            return (strings(key),) if value else ()
        if not all(isinstance(v, list) and v for v in value):
            raise TaxonomyError(f"{path}: {where}: match.{key} must be a list of words or a list of lists of words")
        return tuple(strings(key, v) for v in value)
    return FactorHints(terms=strings("terms"), phrases=strings("phrases"),
                       heading_terms=strings("heading_terms"), requires=groups("requires"),
                       threshold=float(raw.get("threshold", 2)), excepted=strings("except"))


# --- hints as queries -----------------------------------------------------------------------
# Each hint becomes an FTS5 query (library.indexing.tagging sums what they find), so hints match as search
# does (Porter stems: "families" finds "family").

@dataclass(frozen=True)
class HintQuery:
    """One hint of a taxonomy entry as the index asks it of FTS5."""

    entry: str  # factor or topic id
    group: str  # body | head | req0, req1... (one per `requires` group)
    weight: int  # 1 a term, 2 a phrase or a heading term, 0 a required word
    label: str  # the hint as the taxonomy writes it (heading hints marked)
    match: str  # the FTS5 query, limited to the right column


@dataclass(frozen=True)
class EntryRule:
    """When an entry's hints make a tag: its bar, and the `requires` groups it needs."""

    entry: str
    kind: str  # factor | topic
    threshold: float
    required_groups: int  # how many `requires` groups must each have a word in the paragraph


def fts_phrase(hint: str) -> str:
    """A hint as an FTS5 phrase: words quoted, a '*' on the last word a prefix search.

    The index holds Porter stems, so a prefix is cut back to what its word family shares
    once stemmed: 'kidnapp*' searches 'kidnap*' and so finds 'kidnappings'."""
    words = re.findall(r"\w+\*?", hint.lower())
    if not words:
        return ""
    prefix = words[-1].endswith("*")
    plain = [t for w in words for t in phrase_words(w.rstrip("*"))]
    if prefix:
        plain[-1] = _stem_prefix(plain[-1])
    return '"' + " ".join(plain) + '"' + (" *" if prefix else "")


_SUFFIXES = ("", "s", "e", "es", "ed", "ing", "ion", "ions", "ment", "ation")


@lru_cache(maxsize=4096)
def _stem_prefix(prefix: str) -> str:
    """The longest start that the Porter stems of prefix+suffix all share (SQLite stems them)."""
    stems = index_terms([" ".join(prefix + s for s in _SUFFIXES)])[0]
    return os.path.commonprefix([prefix, *stems]) or prefix


def entry_rules(taxonomy: Taxonomy) -> list[EntryRule]:
    return [EntryRule(entry.id, kind, entry.hints.threshold, len(entry.hints.requires))
            for kind, entries in (("factor", taxonomy.factors), ("topic", taxonomy.topics)) for entry in entries]


def hint_queries(taxonomy: Taxonomy) -> list[HintQuery]:
    """Each hint of each entry as an FTS5 query on the column it is meant for."""
    queries = []
    for entry in (*taxonomy.factors, *taxonomy.topics):
        h = entry.hints
        # a paragraph naming another matter in the entry's words (`except`) is not found by them
        excepted = [x for x in map(fts_phrase, h.excepted) if x]
        unless = f" NOT ({' OR '.join(excepted)})" if excepted else ""
        for group, column, weight, hints, mark in (
                ("body", "text", 1, h.terms, ""), ("body", "text", 2, h.phrases, ""),
                ("head", "heading", 2, h.heading_terms, "heading: "),
                *((f"req{i}", "{text heading}", 0, words, "") for i, words in enumerate(h.requires))):
            for hint in hints:
                phrase = fts_phrase(hint)
                if phrase:
                    queries.append(HintQuery(entry.id, group, weight, mark + hint, f"{column} : {phrase}{unless}"))
    return queries  # contrary evidence is found by who says what (library.segmenting.stance), not by hints
