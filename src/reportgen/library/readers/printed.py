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
                     r"(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,6})(?![\w/])")
_URL = re.compile(r"https?://\S+")
_STAMP = r"(?P<date>\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d\d-\d\d),?\s+\d{1,2}:\d\d(?::\d\d)?(?:\s*[AP]M)?"
_PRINT_STAMP = re.compile(rf"^{_STAMP}\b", re.I)  # Chrome: "21/04/2024, 10:15 Title of the page"
_PRINT_STAMP_LAST = re.compile(rf"(?:^|\s){_STAMP}$", re.I)  # Firefox: "1 of 2   21/04/2024, 10:15:32"


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first date in `text` as ISO (YYYY-MM-DD or YYYY-MM) and where it stands."""
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
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
        if match and re.search(r"\d", match.group(1)) and len(line.split()) <= 6:
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
