"""A .docx as a package of parts, in python-docx's manner (its `opc` layer, thinly): open a zip
into its parts, their relationships and content types; relate a new part or a URL; save the
package as python-docx saves it (its parts in its order, each XML part written again by lxml),
zipped with fixed timestamps so the same report gives the same bytes. Kept to what the writer
needs, so a draft does not load python-docx (about 60 ms of CPU to import)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import ReportgenError
from ..limits import check_zip

RT_PREFIX = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = RT_PREFIX + "officeDocument"
RT_STYLES = RT_PREFIX + "styles"
RT_NUMBERING = RT_PREFIX + "numbering"
RT_SETTINGS = RT_PREFIX + "settings"
RT_HEADER = RT_PREFIX + "header"
RT_FOOTER = RT_PREFIX + "footer"
RT_FOOTNOTES = RT_PREFIX + "footnotes"
RT_HYPERLINK = RT_PREFIX + "hyperlink"
RT_CUSTOM_PROPERTIES = RT_PREFIX + "custom-properties"
RT_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"

CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT = CT_WML + "document.main+xml"
CT_STYLES = CT_WML + "styles+xml"
CT_NUMBERING = CT_WML + "numbering+xml"
CT_SETTINGS = CT_WML + "settings+xml"
CT_HEADER = CT_WML + "header+xml"
CT_FOOTER = CT_WML + "footer+xml"
CT_FOOTNOTES = CT_WML + "footnotes+xml"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

# the parts python-docx parses and writes again (its part classes); every other part keeps its bytes
XML_PARTS = frozenset({CT_DOCUMENT, CT_STYLES, CT_NUMBERING, CT_SETTINGS, CT_HEADER, CT_FOOTER,
                       CT_CORE_PROPERTIES, CT_WML + "comments+xml"})
# extensions written as a Default content type rather than an Override (python-docx's opc/spec.py)
_DEFAULT_TYPES = frozenset({
    ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", CT_WML + "printerSettings"), ("bmp", "image/bmp"), ("emf", "image/x-emf"),
    ("fntdata", "application/x-fontdata"), ("gif", "image/gif"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"), ("png", "image/png"), ("rels", _CT_RELS), ("tif", "image/tiff"), ("tiff", "image/tiff"),
    ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("xml", "application/xml")})
_NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class PackageError(ReportgenError):
    """A .docx that cannot be opened as a Word document (a firm's reference.docx, say)."""


def parse(xml: bytes) -> etree._Element:
    """XML as python-docx parses a part: blank text dropped, entities left unresolved."""
    return etree.fromstring(xml, PARSER)


def serialize(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)


class Part:
    """One part: its name ('/word/document.xml'), content type, relationships, and its bytes as
    read, or (an XML part, `xml`) its XML, parsed when first asked for and written again."""

    def __init__(self, partname: str, content_type: str, blob: bytes = b"", element=None, xml: bool = False):
        self.partname, self.content_type = partname, content_type
        self._blob, self._element, self._xml = blob, element, xml or element is not None
        self.rels = Rels(posixpath.split(partname)[0])

    @property
    def element(self):
        if self._element is None and self._xml:
            self._element = parse(self._blob)
        return self._element

    @property
    def blob(self) -> bytes:
        return serialize(self.element) if self._xml else self._blob

    def written(self, blob: bytes) -> None:
        """Its final bytes, given (an XML part whose writing was cached): not parsed or written again."""
        self._blob, self._element, self._xml = blob, None, False

    def related(self, reltype: str) -> Part | None:
        return self.rels.part_of(reltype)

    def relate_to(self, target: Part | str, reltype: str, external: bool = False) -> str:
        return self.rels.get_or_add(reltype, target, external)


class Rel:
    __slots__ = ("rid", "reltype", "target", "external")

    def __init__(self, rid: str, reltype: str, target, external: bool):
        self.rid, self.reltype, self.target, self.external = rid, reltype, target, external


class Rels(dict):
    """A source's relationships by rId, in the order read or added."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def add(self, rid: str, reltype: str, target, external: bool = False) -> None:
        self[rid] = Rel(rid, reltype, target, external)

    def get_or_add(self, reltype: str, target, external: bool = False) -> str:
        for rel in self.values():
            if rel.reltype == reltype and rel.external == external and \
                    (rel.target == target if external else rel.target is target):
                return rel.rid
        rid = next(f"rId{n}" for n in range(1, len(self) + 2) if f"rId{n}" not in self)
        self.add(rid, reltype, target, external)
        return rid

    def drop(self, reltype: str) -> None:
        """Forget every relationship of a type (its part, reached by no other, is not saved)."""
        for rid in [rid for rid, rel in self.items() if rel.reltype == reltype]:
            del self[rid]

    def part_of(self, reltype: str) -> Part | None:
        found = [rel.target for rel in self.values() if rel.reltype == reltype and not rel.external]
        if len(found) > 1:
            raise PackageError(f"more than one part related as {reltype.rsplit('/', 1)[-1]}")
        return found[0] if found else None

    @property
    def xml(self) -> bytes:
        root = etree.Element(f"{{{_NS_RELS}}}Relationships", nsmap={None: _NS_RELS})
        for rel in self.values():
            child = etree.SubElement(root, f"{{{_NS_RELS}}}Relationship")
            child.set("Id", rel.rid)
            child.set("Type", rel.reltype)
            child.set("Target", rel.target if rel.external else _relative(rel.target.partname, self.base))
            if rel.external:
                child.set("TargetMode", "External")
        return serialize(root)


def _relative(partname: str, base: str) -> str:
    return partname[1:] if base == "/" else posixpath.relpath(partname, base)


class Package:
    """The package's own relationships (to the document, its properties); its parts are those
    they reach, walked as python-docx walks them."""

    def __init__(self, source: str = ""):
        self.rels = Rels("/")
        self.source = source  # where it was read from, to name in a message

    def parts(self) -> list[Part]:
        seen: list[Part] = []

        def walk(rels: Rels):
            for rel in rels.values():
                if rel.external or any(rel.target is p for p in seen):
                    continue
                seen.append(rel.target)
                walk(rel.target.rels)
        walk(self.rels)
        return seen

    def next_partname(self, template: str) -> str:
        names = {part.partname for part in self.parts()}
        return next(template % n for n in range(1, len(names) + 2) if template % n not in names)

    def document(self) -> Part:
        main = self.rels.part_of(RT_OFFICE_DOCUMENT)
        if main is None or main.content_type != CT_DOCUMENT:
            raise PackageError(f"{self.source}: not a Word document (no main document part"
                               + (f"; its content type is {main.content_type})" if main is not None else ")"))
        return main

    @classmethod
    def open(cls, source: str, app_properties: bytes | None = None, untrusted: bool = False) -> Package:
        """The package at `source` (a path). `app_properties`: the bytes its extended properties
        part is given, whatever it held (a report names its own application). `untrusted`: a
        file from outside (a firm's reference.docx), inflated within limits.check_zip's limits."""
        try:
            if untrusted:
                members = check_zip(Path(source), PackageError)
                return cls._read(source, members.__getitem__, set(members), app_properties, eager=True)
            with zipfile.ZipFile(source) as z:
                return cls._read(source, z.read, set(z.namelist()), app_properties, eager=False)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise PackageError(f"{source}: cannot be read as a Word document ({exc})") from None

    @classmethod
    def _read(cls, source: str, read, names: set[str], app_properties: bytes | None, eager: bool) -> Package:
        """`eager`: every XML part parsed now (a file from outside), else when first used."""
        types = parse(read("[Content_Types].xml"))
        overrides = {o.get("PartName").lower(): o.get("ContentType") for o in types.iter(f"{{{_NS_TYPES}}}Override")}
        defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{{{_NS_TYPES}}}Default")}
        package, parts = cls(source), {}

        def rels_of(partname: str) -> list[tuple[str, str, str, bool]]:
            base, name = posixpath.split(partname)
            member = posixpath.join(base, "_rels", name + ".rels")[1:]
            if member not in names:
                return []
            return [(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode") == "External")
                    for r in parse(read(member)).iter(f"{{{_NS_RELS}}}Relationship")]

        def load(source, partname: str) -> None:
            for rid, reltype, ref, external in rels_of(partname):
                if external:
                    source.rels.add(rid, reltype, ref, True)
                    continue
                target = posixpath.abspath(posixpath.join(posixpath.split(partname)[0], ref))
                if target not in parts:
                    content_type = overrides.get(target.lower()) or defaults[posixpath.splitext(target)[1][1:].lower()]
                    blob = read(target[1:])
                    if content_type == CT_APP_PROPERTIES and app_properties is not None:
                        blob = app_properties
                    parts[target] = Part(target, content_type, blob, xml=content_type in XML_PARTS)
                    if eager:
                        parts[target].element  # noqa: B018 -- a malformed part is refused here, by name
                    load(parts[target], target)
                source.rels.add(rid, reltype, parts[target], False)

        load(package, "/")
        return package

    def save(self, date: str) -> bytes:
        """The package zipped as python-docx writes it: content types, the package's rels, then
        each part and its rels, every entry stamped 09:00 on the report's date."""
        parts = self.parts()
        out = io.BytesIO()
        stamp = tuple(int(x) for x in date.split("-")) + (9, 0, 0)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            def write(name: str, blob: bytes) -> None:
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                target.writestr(entry, blob)
            write("[Content_Types].xml", _content_types(parts))
            write("_rels/.rels", self.rels.xml)
            for part in parts:
                write(part.partname[1:], part.blob)
                if part.rels:
                    base, name = posixpath.split(part.partname)
                    write(posixpath.join(base, "_rels", name + ".rels")[1:], part.rels.xml)
        return out.getvalue()


def _content_types(parts: list[Part]) -> bytes:
    defaults = {"rels": _CT_RELS, "xml": "application/xml"}
    overrides = {}
    for part in parts:
        ext = posixpath.splitext(part.partname)[1][1:]
        if (ext.lower(), part.content_type) in _DEFAULT_TYPES:
            defaults[ext.lower()] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    root = etree.Element(f"{{{_NS_TYPES}}}Types", nsmap={None: _NS_TYPES})
    for ext in sorted(defaults):
        etree.SubElement(root, f"{{{_NS_TYPES}}}Default", Extension=ext, ContentType=defaults[ext])
    for name in sorted(overrides):
        etree.SubElement(root, f"{{{_NS_TYPES}}}Override", PartName=name, ContentType=overrides[name])
    return serialize(root)
