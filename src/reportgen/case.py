"""Loading a case file into a typed Case, with errors that name the file, line, column and key.

The YAML is composed into nodes (which keep their marks) and checked against the contract
before any value is trusted. Aliases are refused outright, so anchors cannot multiply memory.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import CaseError, did_you_mean
from .limits import regular_file
from .models import Applicant, Case, Expert, InstructedFactor, Taxonomy
from .safe_files import DIRECTION_CONTROLS
from .yamlio import SAFE_LOADER

MAX_CASE_BYTES = 256 * 1024
FORUMS = ("uk-tribunal", "us-immigration-court")
_CC = re.compile(r"^[A-Z]{2}$")
_LOADER = yaml.SafeLoader("")


@dataclass(frozen=True)
class Field:
    """What the case file's schema expects of one key."""

    kind: str  # text | bool | date | year | country | texts | list | forum | protection | sourcetypes
    required: bool = False


SCHEMA: dict[str, dict[str, Field]] = {
    "case": {"reference": Field("text", True), "forum": Field("forum", True),
             "instructed_by": Field("text", True), "instructions_date": Field("date", True),
             "report_date": Field("date"), "questions": Field("texts", True),
             "respondent_reference": Field("text"), "hearing_location": Field("text"),
             "protection_sought": Field("protection"), "country_guidance": Field("list"),
             # US cover page (EOIR): who hears the case and when
             "judge": Field("text"), "hearing_date": Field("date"), "hearing_time": Field("text"),
             # steering the evidence
             "respondent_relies_on": Field("list"), "exclude_sources": Field("list"),
             "allow_source_types": Field("sourcetypes")},
    "applicant": {"name": Field("text", True), "anonymise": Field("bool", True),
                  "country": Field("country", True), "home_area": Field("text"), "gender": Field("text"),
                  "year_of_birth": Field("year"), "ethnicity": Field("text"), "religion": Field("text"),
                  "now_in": Field("country"), "a_number": Field("text"), "return_area": Field("text")},
    "expert": {"name": Field("text", True), "credentials": Field("text"), "signs_in": Field("country")},
}
FACTOR_KEYS = ("factor", "facts", "respondent_position", "pin", "exclude")
# what a case may allow to be quoted as evidence, which is not by default
ALLOWABLE_SOURCE_TYPES = ("opinion", "commercial")
PROTECTION = ("asylum", "withholding", "cat")
TOP_KEYS = ("case", "applicant", "expert", "risk_factors")


class _Problems:
    def __init__(self, path: Path):
        self.path = path
        self.items: list[str] = []

    def add(self, node: Node | None, where: str, message: str) -> None:
        pos = f":{node.start_mark.line + 1}:{node.start_mark.column + 1}" if node is not None else ""
        self.items.append(f"{self.path}{pos}: {where}: {message}" if where else f"{self.path}{pos}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise CaseError("\n".join(self.items))


def _compose(path: Path) -> Node:
    size = regular_file(path, CaseError, "case file")
    if size > MAX_CASE_BYTES:
        raise CaseError(f"{path}: {size} bytes is too large for a case file (at most {MAX_CASE_BYTES})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CaseError(f"{path}: not UTF-8 text; save the case file as UTF-8") from None
    except OSError as exc:
        raise CaseError(f"{path}: cannot read the case file ({exc.strerror})") from None
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise CaseError(f"{path}:{line}: YAML aliases (*name) are not allowed in a case file; "
                                f"write the value out")
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise CaseError(f"{path}{where}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:  # e.g. a raw control character, which YAML does not allow
        line = text.count("\n", 0, getattr(exc, "position", 0)) + 1
        reason = getattr(exc, "reason", "unreadable text")
        raise CaseError(f"{path}:{line}: not valid YAML: {reason} (write control characters as escapes "
                        f"inside double quotes)") from None
    if node is None:
        raise CaseError(f"{path}: the case file is empty; `reportgen init` writes an example")
    return node


def _mapping(node: Node, where: str, problems: _Problems) -> dict[str, tuple[Node, Node]] | None:
    if not isinstance(node, MappingNode):
        problems.add(node, where, "expected a mapping of keys")
        return None
    result = {}
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else str(key)
        if name in result:
            problems.add(key, where, f"key '{name}' appears twice")
        result[name] = (key, value)
    return result


def _scalar(node: Node, field: Field, where: str, problems: _Problems):
    value_type = "a list" if isinstance(node, SequenceNode) else "a mapping" if isinstance(node, MappingNode) else ""
    if field.kind in ("texts", "list", "protection", "sourcetypes"):
        allowed = {"protection": PROTECTION, "sourcetypes": ALLOWABLE_SOURCE_TYPES}.get(field.kind)
        if not isinstance(node, SequenceNode) or (field.kind == "texts" and not node.value):
            problems.add(node, where, {"texts": "expected a list of one or more questions",
                                       "list": "expected a list of texts"}.get(
                                           field.kind, f"expected a list of {', '.join(allowed or ())}"))
            return None
        out = []
        for item in node.value:
            text = _scalar(item, Field("text"), where, problems)
            if text and allowed and text.lower() not in allowed:
                kind = "protection" if field.kind == "protection" else "source type"
                problems.add(item, where, f"unknown {kind} '{text}'; expected one of {', '.join(allowed)}"
                             + did_you_mean(text.lower(), allowed))
                continue
            if text:
                out.append(text.lower() if allowed else text)
        return tuple(out)
    if value_type:
        problems.add(node, where, f"expected {_describe(field)}, got {value_type}")
        return None
    value = node.value
    tag = node.tag
    if field.kind == "bool":
        if tag != "tag:yaml.org,2002:bool":
            problems.add(node, where, f"expected true or false, got '{value}'")
            return None
        return bool(_LOADER.construct_yaml_bool(node))
    if field.kind == "year":
        year = _LOADER.construct_yaml_int(node) if tag == "tag:yaml.org,2002:int" else None
        if year is None or not 1900 <= year <= dt.date.today().year:
            problems.add(node, where, f"expected a year such as 1974, got '{value}'")
            return None
        return year
    if field.kind == "date":
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            problems.add(node, where, f"expected a date as YYYY-MM-DD, got '{value}'")
            return None
    text = str(value).strip()
    bidi = DIRECTION_CONTROLS.search(text)
    if bidi:
        problems.add(node, where, f"contains the invisible direction control U+{ord(bidi.group()):04X}, which can "
                     f"make text display differently from what it says; delete it")
        return None
    if field.kind in ("text", "forum") and not text:
        problems.add(node, where, "must not be empty")
        return None
    if field.kind == "country":
        if not _CC.match(text.upper()):
            problems.add(node, where, f"expected an ISO 3166 alpha-2 country code such as CN, got '{text}'")
            return None
        return text.upper()
    if field.kind == "forum" and text not in FORUMS:
        problems.add(node, where, f"unknown forum '{text}'; expected one of {', '.join(FORUMS)}"
                     + did_you_mean(text, FORUMS))
        return None
    return text


def _describe(field: Field) -> str:
    return {"bool": "true or false", "year": "a year", "date": "a date", "country": "a country code",
            "forum": "a forum name"}.get(field.kind, "text")


def load_case(path: Path, taxonomy_for: Callable[[str], Taxonomy | None],
              countries: list[str]) -> Case:
    """Read and check a case file; taxonomy_for gives the taxonomy of a country in the library."""
    path = Path(path)
    root = _compose(path)
    problems = _Problems(path)
    top = _mapping(root, "", problems)
    problems.raise_if_any()
    for name, (key, _) in top.items():
        if name not in TOP_KEYS:
            problems.add(key, "", f"unknown key '{name}'{did_you_mean(name, TOP_KEYS)}")
    sections: dict[str, dict] = {}
    for section, fields in SCHEMA.items():
        if section not in top:
            problems.add(root, "", f"missing section '{section}:'")
            continue
        mapping = _mapping(top[section][1], section, problems) or {}
        values = {}
        for name, (key, value) in mapping.items():
            if name not in fields:
                problems.add(key, section, f"unknown key '{name}'{did_you_mean(name, fields)}")
                continue
            if value.tag.endswith(":null") and not fields[name].required:
                continue  # an optional key left empty
            values[name] = _scalar(value, fields[name], f"{section}.{name}", problems)
        for name, field in fields.items():
            if field.required and name not in mapping:
                problems.add(top[section][1], section, f"missing required key '{name}'")
        sections[section] = values
    country = sections.get("applicant", {}).get("country")
    taxonomy = None
    if country:
        taxonomy = taxonomy_for(country)
        if taxonomy is None:
            node = _mapping(top["applicant"][1], "applicant", _Problems(path))["country"][1]
            problems.add(node, "applicant.country",
                         f"no risk-factor taxonomy for '{country}' in the evidence library "
                         f"(available: {', '.join(countries) or 'none'}){did_you_mean(country, countries, 0.5)}")
    factors = _factors(top, taxonomy, problems, path)
    problems.raise_if_any()
    c, a, e = sections["case"], sections["applicant"], sections["expert"]
    return Case(
        reference=c["reference"], forum=c["forum"], instructed_by=c["instructed_by"],
        instructions_date=c["instructions_date"], report_date=c.get("report_date") or dt.date.today().isoformat(),
        questions=c["questions"],
        respondent_reference=c.get("respondent_reference") or "", hearing_location=c.get("hearing_location") or "",
        protection_sought=c.get("protection_sought") or (), country_guidance=c.get("country_guidance") or (),
        judge=c.get("judge") or "", hearing_date=c.get("hearing_date") or "", hearing_time=c.get("hearing_time") or "",
        respondent_relies_on=c.get("respondent_relies_on") or (), exclude_sources=c.get("exclude_sources") or (),
        allow_source_types=c.get("allow_source_types") or (),
        applicant=Applicant(**{k: v for k, v in a.items() if v is not None}),
        expert=Expert(**{k: v for k, v in e.items() if v is not None}),
        risk_factors=tuple(factors), path=str(path))


def _factors(top, taxonomy: Taxonomy | None, problems: _Problems, path: Path) -> list[InstructedFactor]:
    if "risk_factors" not in top:
        problems.add(None, "", "missing section 'risk_factors:' (at least one factor)")
        return []
    node = top["risk_factors"][1]
    if not isinstance(node, SequenceNode) or not node.value:
        problems.add(node, "risk_factors", "expected a list of one or more '- factor: ID' entries")
        return []
    out, seen = [], set()
    for i, item in enumerate(node.value, 1):
        where = f"risk_factors[{i}]"
        mapping = _mapping(item, where, problems)
        if mapping is None:
            continue
        for name, (key, _) in mapping.items():
            if name not in FACTOR_KEYS:
                problems.add(key, where, f"unknown key '{name}'{did_you_mean(name, FACTOR_KEYS)}")
        if "factor" not in mapping:
            problems.add(item, where, "missing required key 'factor'")
            continue
        fnode = mapping["factor"][1]
        fid = _scalar(fnode, Field("text"), f"{where}.factor", problems)
        facts = _scalar(mapping["facts"][1], Field("text"), f"{where}.facts", problems) if "facts" in mapping else ""
        position = (_scalar(mapping["respondent_position"][1], Field("text"), f"{where}.respondent_position", problems)
                    if "respondent_position" in mapping else "")
        steer = {k: _scalar(mapping[k][1], Field("list"), f"{where}.{k}", problems) or () if k in mapping else ()
                 for k in ("pin", "exclude")}
        if fid is None:
            continue
        if taxonomy is not None and taxonomy.get(fid) is None:
            ids = [f.id for f in taxonomy.factors]
            problems.add(fnode, f"{where}.factor", f"unknown risk factor '{fid}' for {taxonomy.country}"
                         f"{did_you_mean(fid, ids)}; `reportgen factors --country {taxonomy.country}` lists them")
            continue
        if fid in seen:
            problems.add(fnode, f"{where}.factor", f"factor '{fid}' is listed twice; put all its facts in one entry")
            continue
        seen.add(fid)
        out.append(InstructedFactor(fid, facts or "", position or "", pin=steer["pin"], exclude=steer["exclude"]))
    return out
