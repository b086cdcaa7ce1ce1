"""The Jinja2 environment for report and citation templates: a user's folder first, then the shipped one.

Case-file values reach templates only as variables, never as template source, and the
environment is sandboxed, so `{{ 7*7 }}` typed in a case file comes out literally.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

import yaml

from .. import __version__, envvars, user_cache
from ..errors import ReportgenError
from ..library.folder import packaged_path
from ..text import long_date
from ..yamlio import load_yaml

_CODE_CACHE = f"templates-py{sys.version_info.major}{sys.version_info.minor}"  # a folder of the user cache


def firm_folder(given: str | os.PathLike | None) -> str | None:
    """The firm's own templates folder: the one given, else REPORTGEN_TEMPLATES. Chosen once, by
    TemplateSet.resolve (or the workspace); everything below takes the folder it chose, and what
    is cached is cached under it, so a folder set later is not missed."""
    return str(given) if given else envvars.templates()


def template_dirs(folder: str | None = None) -> list[Path]:
    """Where templates are looked for: the firm's folder (already chosen), then the shipped one."""
    return ([Path(folder)] if folder else []) + [packaged_path("templates")]


@lru_cache(maxsize=8)
def _environment(folder: str | None):
    """The sandboxed environment; Jinja2 is imported here, so commands that render nothing
    (re-indexing, searching) never load it."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, pass_context
    from jinja2.sandbox import SandboxedEnvironment
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs(folder)]),
        undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=False)
    env.filters["longdate"] = long_date
    # filters that read a folder's data files take the context, so that Jinja never folds them into
    # the compiled code on a constant ('GB' | country_name): that code is cached for every folder
    env.filters["words"] = pass_context(lambda _, n: number_words(n, folder))
    env.filters["sentence"] = sentence_case
    env.filters["inner_quotes"] = inner_quotes
    env.filters["country_name"] = pass_context(lambda _, code: country_name(code, folder))
    return env


def number_words(n, folder: str | None = None) -> str:
    """Small numbers as words ("five of these sources"): a sentence never starts with a numeral.
    The words are templates/wording.yaml's `number_words` (a firm's copy without them: the shipped)."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        return str(n)
    words = firm_first("wording.yaml", folder)["number_words"]
    return words[n] if 0 <= n < len(words) else str(n)


def sentence_case(text) -> str:
    """First letter capitalised, the rest as written ("police visited" -> "Police visited")."""
    text = str(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:] if ch.islower() else text
        if not ch.isspace() and ch not in "\"“‘'(":
            return text
    return text


def inner_quotes(text) -> str:
    """Straight double quotes inside a quotation printed in curly double quotes become single curly ones."""
    text = re.sub(r'"([^"]*)"', "‘\\1’", str(text))
    return text.replace("“", "‘").replace("”", "’") if "“" in text else text


def country_name(code, folder: str | None = None) -> str:
    """An ISO 3166 code as the name a judge reads ("GB" -> "the United Kingdom"); unknown codes stay."""
    code = str(code or "").upper()
    return _country_names(folder).get(code, code)


@lru_cache(maxsize=8)
def _country_names(folder: str | None) -> dict:
    return {str(k).upper(): v for k, v in (load_data("countries.yaml", folder).get("names") or {}).items()}


def load_data(name: str, folder: str | None = None) -> dict:
    """A YAML data file from the templates folders (forum structure, citation wording), parsed
    once per file version: a draft asks for the forum, the language names and the citation
    wording many times (per quotation, per footnote), and an edited file is read again. The
    parsed data is shared between callers: read it, never change it."""
    return _load(template_file(name, folder))


def _load(path: Path) -> dict:
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int, size: int) -> dict:
    try:
        return load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReportgenError(f"{path}: not valid YAML ({exc})") from None


@lru_cache(maxsize=2048)
def _compiled(text: str, folder: str | None):
    """A template, its compiled code kept in the user's cache between runs (wording only,
    never case data: values are passed at render time)."""
    env = _environment(folder)
    key = _code_key(folder).copy()
    key.update(text.encode())
    name = f"{key.hexdigest()[:32]}.code"
    code = user_cache.load(_CODE_CACHE, name)
    if code is None:
        code = env.compile(text)
        user_cache.store(_CODE_CACHE, name, code)
    return env.template_class.from_code(env, code, env.make_globals(None))


@lru_cache(maxsize=8)
def _code_key(folder: str | None):
    """The hash a template's text is added to for its code's cache file: what compiled code
    depends on besides the text (our version, Jinja's, how each filter is called). Worked out
    once per environment, not per template (a draft loads some fifty); copy it, never update it."""
    import jinja2
    filters = sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in _environment(folder).filters.items())
    return hashlib.sha256(f"{__version__}\0{jinja2.__version__}\0{filters}\0".encode())


def render(text: str, folder: str | None = None, /, **values) -> str:
    if "{" not in text:
        return text  # plain wording: nothing to render, nothing to compile
    from jinja2 import TemplateNotFound
    try:
        return _compiled(text, folder).render(**values)
    except TemplateNotFound as exc:
        raise ReportgenError(f"template '{exc.name}' not found") from None


def template_file(name: str, folder: str | None = None) -> Path:
    """A file from the templates folders: the user's first, then the shipped one."""
    for d in template_dirs(folder):
        if (d / name).is_file():
            return d / name
    raise ReportgenError(f"template '{name}' not found in {', '.join(map(str, template_dirs(folder)))}")


def reference_docx(folder: str | None = None) -> str | None:
    """A firm's house-style Word document (reference.docx in a templates folder), if any."""
    found = [d / "reference.docx" for d in template_dirs(folder) if (d / "reference.docx").is_file()]
    return str(found[0]) if found else None


def language_name(code: str, folder: str | None = None) -> str:
    """'Chinese' for 'zh' (templates/languages.yaml); '' for the report's own language or unknown."""
    data = load_data("languages.yaml", folder)  # asked once per quotation: read, never copied
    if not code or code == "unknown" or code == data.get("report_language", "en"):
        return ""
    return (data.get("names") or {}).get(code, code)


class Wording(dict):
    """A templates file as a firm's folder has it; a key its copy lacks (a sentence newer than
    the copy) is the shipped file's, and one that neither has is named with its file."""

    def __init__(self, data: dict, shipped: dict, where: str):
        super().__init__(data)
        self.shipped, self.where = shipped, where

    def __missing__(self, key: str):
        if key in self.shipped:
            return self.shipped[key]
        raise ReportgenError(f"{self.where}: {key} missing")


def firm_first(name: str, folder: str | None = None, *, part=None, where: str = "", shipped: str = "") -> Wording:
    """A templates data file (or `part` of it), the firm's copy first and the shipped file
    (`shipped`, else the same name) for what that copy lacks: the one place a firm's older file
    falls back. Without a firm's copy the shipped file is read once and is both."""
    path, shipped = template_file(name, folder), shipped or name
    data = _load(path)
    fallback = data if path == packaged_path("templates") / shipped else load_data(shipped)
    part = part or (lambda d: d)
    return Wording(part(data), part(fallback), where or f"templates/{name}")


FORUM_KEYS = ("title", "header", "footer", "sections", "wording")


class ForumWording(dict):
    """A forum's wording. A key the report needs but the file lacks is named with its file (the
    shipped copy has it), never a bare KeyError: a firm's older copy may miss a newer sentence."""

    def __init__(self, data: dict, where: str):
        super().__init__(data)
        self.where = where

    def __missing__(self, key: str):
        raise ReportgenError(f"{self.where}: wording.{key} missing (copy it from the shipped file and edit the wording)")


def load_forum(name: str, folder: str | None = None) -> dict:
    """A forum's structure and wording (templates/forums/NAME.yaml), checked once against the
    shipped forum of the same name, so that a firm's edited copy fails with every key it lacks."""
    where = f"templates/forums/{name}.yaml"
    forum = load_data(f"forums/{name}.yaml", folder)
    shipped_file = packaged_path("templates") / "forums" / f"{name}.yaml"
    if shipped_file.is_file():
        stat = shipped_file.stat()
        shipped = _parsed(shipped_file, stat.st_mtime_ns, stat.st_size).get("wording") or {}
    else:
        shipped = {}  # a forum of the firm's own: its wording is checked as it is used
    wording = forum.get("wording") if isinstance(forum.get("wording"), dict) else {}
    missing = [k for k in FORUM_KEYS if k not in forum]
    missing += [f"wording.{k}" for k in shipped if k not in wording]
    if missing:
        raise ReportgenError(f"{where}: {', '.join(missing)} missing "
                             f"(copy them from the shipped file and edit the wording)")
    return {**forum, "wording": ForumWording(wording, where)}
