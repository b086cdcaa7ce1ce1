"""Metadata a document prints rather than states in its properties: the publication date on its
first page ("31 August 2022", "May 2019", "21.04.2015", "Janvier 2021"), a date it says it was
updated on ("Updated September 22, 2023": `updated`, never `published`), a UN document symbol
("A/52/826") and what a browser prints in the header and footer of a saved web page (the page's
address and the date it was printed, which is when it was accessed).

One set of rules for every language: month names of the languages the library meets, no
per-publisher code. A date is taken only from a line that is mostly that date (a dateline,
a cover's date), never from a sentence ("On 29 October 2018, a Boeing ...")."""

from __future__ import annotations

import re

_MONTHS = {}
for number, names in enumerate([
        "january janvier enero januar января январь janeiro gennaio",
        "february février fevrier febrero februar февраля февраль fevereiro febbraio",
        "march mars marzo märz marz марта март março marco",
        "april avril abril april апреля апрель aprile",
        "may mai mayo мая май maio maggio",
        "june juin junio juni июня июнь junho giugno",
        "july juillet julio juli июля июль julho luglio",
        "august août aout agosto augusti августа август",
        "september septembre septiembre setiembre сентября сентябрь setembro settembre",
        "october octobre octubre oktober октября октябрь outubro ottobre",
        "november novembre noviembre ноября ноябрь novembro",
        "december décembre decembre diciembre dezember декабря декабрь dezembro dicembre"], 1):
    for name in names.split():
        _MONTHS[name] = number
for name, number in list(_MONTHS.items()):
    if len(name) > 4 and name.isascii():
        _MONTHS.setdefault(name[:3], number)  # "Aug", "Sept" below
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATES = [
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b", re.I),                     # August 6, 2020
    re.compile(rf"\b{_DAY}\.?\s+(?:de\s+)?(?P<m>{_MONTH})\.?,?\s+(?:de\s+)?{_YEAR}\b", re.I),  # 31 August 2022, 6 de agosto de 2020
    re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<mn>[01]?\d)\.{_YEAR}\b"),                           # 21.04.2015
    re.compile(rf"\b{_YEAR}-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b"),                               # 2015-04-21
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+(?:de\s+)?{_YEAR}\b", re.I),                        # May 2019, Janvier 2021
]
_UPDATED = re.compile(r"\b(updated|last (modified|updated|revised)|revised|mis à jour|mise à jour|actualizad[oa]|"
                      r"обновлен\w*|изменен\w*|aktualisiert|更新)\b", re.I)
_NOT_PUBLISHED = re.compile(r"\b(accessed|retrieved|consulted|printed|visited|adopted|signed|received|"
                            r"distr\w*|consulté|consultado|дата обращения)\b", re.I)
_SYMBOL = re.compile(r"(?<![\w/])((?:A|S|E|ST|CRC|CERD|CCPR|CAT|CEDAW|CMW|CRPD|CED|TD|UNEP|DP|HRI|A/HRC|E/CN\.\d{1,2})"
                     r"(?:/[A-Z0-9][A-Za-z0-9.\-]*){1,6})(?![\w/])")
_URL = re.compile(r"https?://\S+")
_STAMP = r"(?P<date>\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d\d-\d\d),?\s+\d{1,2}:\d\d(?::\d\d)?(?:\s*[AP]M)?"
_PRINT_STAMP = re.compile(rf"^{_STAMP}\b", re.I)  # Chrome: "21/04/2024, 10:15 Title of the page"
_PRINT_STAMP_LAST = re.compile(rf"(?:^|\s){_STAMP}$", re.I)  # Firefox: "1 of 2   21/04/2024, 10:15:32"


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first date in `text` as ISO (YYYY-MM-DD or YYYY-MM) and where it stands."""
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if match.start() and not re.match(r"[\s(\[,:;|–—-]", text[match.start() - 1]):
                continue  # glued to other characters ("~9 September 1971", OCR of "29"): unreadable
            iso = _iso(match)
            if iso:
                found.append((match.start(), -(match.end() - match.start()), iso, match.span()))
    if not found:
        return None
    found.sort()
    return found[0][2], found[0][3]


def _iso(match: re.Match) -> str:
    groups = match.groupdict()
    month = _MONTHS.get(groups["m"].lower().rstrip(".")) if groups.get("m") else int(groups["mn"])
    year = int(groups["y"])
    if not month or not 1 <= month <= 12:
        return ""
    if groups.get("d"):
        day = int(groups["d"])
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else ""
    return f"{year:04d}-{month:02d}"


def dates_in_lines(lines: list[str]) -> dict[str, str]:
    """`published` and `updated` from lines read top to bottom (a first page, a page's header):
    each from the first line that is mostly a date. Dates of access, printing, adoption or
    distribution are none of these."""
    out: dict[str, str] = {}
    for line in lines:
        text = " ".join(line.split())
        found = find_date(text)
        if not found or len(text) > 90:
            continue
        iso, (start, end) = found
        rest = (text[:start] + text[end:]).strip(" ,.;:|-–—()")
        if _UPDATED.search(text):
            out.setdefault("updated", iso)
            continue
        if _NOT_PUBLISHED.search(text) or len(re.findall(r"[^\W\d_]{2,}", rest)) > 4:
            continue  # a sentence that mentions a date, or a date that is not publication
        out.setdefault("published", iso)
    return out


def symbol_in_lines(lines: list[str]) -> str:
    """A UN document symbol printed at the head of a first page ("A/52/826", "S/1998/1173")."""
    for line in lines:
        match = _SYMBOL.search(line)
        if match and re.search(r"\d", match.group(1)) and len(line.split()) <= 6 \
                and (match.group(1).count("/") > 1 or line.strip() == match.group(1)):  # "A/L.632" on its own line
            return match.group(1)
    return ""


def browser_print(top: list[str], foot: list[str]) -> dict[str, str]:
    """What a browser prints round a saved page: the date and time it was printed, the page's
    title and its address, in the head and foot (Chrome: date and title at the head, address at
    the foot; Firefox: title and address at the head, date at the foot; Safari: date at the
    head, address at the foot). The printed date is when the page was accessed; an ambiguous
    day and month (3/4/2024) is left unread."""
    out: dict[str, str] = {}
    stamped = False
    for line in (*top, *foot):
        text = " ".join(line.split())
        stamp = _PRINT_STAMP.match(text) or _PRINT_STAMP_LAST.search(text)
        if stamp:
            stamped = True
            iso = _numeric_date(stamp.group("date"))
            if iso:
                out["accessed"] = iso
            title = text[stamp.end():].strip(" ,-|")
            if len(title) > 3 and line in top:
                out["title"] = title
            break
    for line in (*foot, *top):
        url = _URL.search(line)
        if url:
            out["url"] = url.group(0).rstrip(".,;")
            break
    return out if stamped and "url" in out else {}  # a site's own address in a running foot is no print


def _numeric_date(text: str) -> str:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return text
    parts = [int(p) for p in re.split(r"[./]", text)]
    if len(parts) != 3:
        return ""
    a, b, year = parts
    year += 2000 if year < 100 else 0
    if "." in text or a > 12:  # 21.04.2015, 21/04/2015: day first
        day, month = a, b
    elif b > 12:  # 4/21/2015: month first
        month, day = a, b
    else:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""


# What names an organisation, in the languages the library meets: a line of a masthead or a
# running foot that is such a name is the publisher ("U.S. Census Bureau", "EUROPEAN COURT OF
# HUMAN RIGHTS", "Alderson Reporting Company"); no list of publishers is kept.
_ORGANISATION = re.compile(
    r"\b(court|tribunal|department|ministry|ministère|ministerio|министерство|commission|comisión|комиссия|"
    r"council|conseil|consejo|совет|committee|comité|комитет|bureau|office|agency|agence|agencia|"
    r"foundation|fondation|fundación|фонд|institute|institut|instituto|институт|centre|center|centro|центр|"
    r"association|asociación|organi[sz]ation|organización|организация|union|parliament|parlement|parlamento|"
    r"government|gouvernement|gobierno|правительство|watch|service|servicio|служба|network|federation|"
    r"society|trust|league|programme|secretariat|secrétariat|registry|greffe|mission|nations|assembly|"
    r"assemblée|senate|sénat|embassy|ombudsman|defensoría|company|corporation|inc|ltd|llc|university|"
    r"université|universidad|университет|суд|amnesty|police|municipalit[yé]|municipalidad)\b", re.I)
_LABELLED = re.compile(r"^(agency|publisher|published by|issued by|éditeur|édité par|publié par|editor|"
                       r"publicado por|editado por|издатель|издано)\s*:?\s+(?P<name>\S.*)$", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*\d{2,4})?\s*,?\s*)?"
                        r"(?:by\s+)?(?P<name>\S.*)$", re.I)
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "les", "et", "y", "del",
                "el", "los", "las", "für", "der", "die", "und"}


def publisher_in_lines(stated: list[str], top: list[str], foot: list[str], title: str = "") -> str:
    """The publisher a first page prints: a labelled line ("AGENCY: Federal Aviation
    Administration (FAA), DOT.", "Published by ..."), a copyright line ("© 2022 Human Rights
    Watch"), else a masthead line at its head or a running line at its foot that is an
    organisation's name (`stated`: its paragraphs, a label and its value read together)."""
    for text in stated:
        text = " ".join(text.split())
        match = _LABELLED.match(text) or _COPYRIGHT.match(text)
        if match:
            name = _clean(match.group("name"))
            if _proper_name(name):
                return name
    low_title = " ".join(title.lower().split())
    for line in list(top) + list(foot):
        text = " ".join(line.split())
        if text.lower() in low_title or not _ORGANISATION.search(text):
            continue
        name = _clean(re.sub(r"^in the\s+", "", text, flags=re.I))
        if _proper_name(name) and not re.search(r"\d", name):
            return name
    return ""


def _proper_name(name: str) -> bool:
    """Written as a name is: every word capitalised but the small ones, the first one too."""
    words = name.split()
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or not w[:1].isalpha() or w.lower() in _SMALL_WORDS for w in words)


def _clean(name: str) -> str:
    """An organisation's name as cited: no acronym in brackets, no trailing parent acronym
    (", DOT"), no "All rights reserved", in capitals only where the name is not all capitals."""
    name = re.split(r"(?<!\b[A-Z])\.\s|;|\s[|•·]\s|all rights reserved|tous droits réservés|todos los derechos", name,
                    flags=re.I)[0]
    name = re.sub(r"\s*\([^)]*\)", "", name)
    name = re.sub(r",\s*[A-Z]{2,6}\.?$", "", name.strip())
    name = re.split(r",\s(?!(?:Inc|Ltd|LLC)\b)", name)[0]  # "Amnesty International Ltd, Peter Benenson House, ..."
    name = name.strip(" ,.:;-–—")
    words = name.split()
    if not 1 <= len(words) <= 10 or re.search(r"(?<!\b[A-Z])[.!?]\s|https?://|@", name):
        return ""
    if name.isupper() and len(name) > 5:
        name = " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))
    return name


_DOCUMENT_WORDS = re.compile(r"\b(report|rapport|informe|доклад|review|brief\w*|summary|update|assessment|edition|"
                             r"volume|paper|study|final|draft|version|annual|executive|chapter|part|section|"
                             r"appendix|annex|note|memo\w*|abstract|contents|introduction|preface)\b", re.I)


def author_in_lines(first_page: list[str], title: str) -> str:
    """The author a first page prints under its title, as a title page sets it: the title, the
    author's name (a line or two of names), then the date ("Your Name" / "January 3, 2024")."""
    if not title:
        return ""
    low = " ".join(title.lower().split())
    lines = [" ".join(ln.split()) for ln in first_page if ln.strip()]
    ends = [i for i, ln in enumerate(lines) if ln.lower() in low]
    if not ends:
        return ""
    names: list[str] = []
    for line in lines[ends[-1] + 1:ends[-1] + 4]:
        if find_date(line) and dates_in_lines([line]).get("published"):
            return " and ".join(names) if names else ""
        words = line.split()
        if not (1 < len(words) <= 6 and _proper_name(line) and not re.search(r"\d", line)
                and not _ORGANISATION.search(line) and not _DOCUMENT_WORDS.search(line)):
            return ""
        names.append(line)
    return ""


def subject_under_masthead(first_page: list[str], title: str) -> str:
    """Where the largest type on a first page only names the issuing body ("UNITED NATIONS",
    "GENERAL ASSEMBLY", "Security Council"), the document's subject as a UN document prints it:
    the first run of lines in capitals, three words or more each, below it."""
    if not publisher_in_lines([], [title], []):
        return ""
    lines = [" ".join(ln.split()) for ln in first_page]
    start = next((i for i, ln in enumerate(lines) if ln and ln.lower() in title.lower()), None)
    if start is None:
        return ""
    run: list[str] = []
    for line in lines[start + 1:]:
        letters = [ch for ch in line if ch.isalpha()]
        if len(line.split()) >= 3 and letters and all(ch.isupper() for ch in letters):
            run.append(line)
        elif run:
            break
    return " ".join(run)
