"""A .docx as a package of parts, in python-docx's manner (its `opc` layer, thinly): open a zip
into its parts, their relationships and content types; relate a new part or a URL; save the
package as python-docx saves it (its parts in its order, each XML part written again by lxml),
zipped with fixed timestamps so the same report gives the same bytes (the zip written here, so
that a part the shipped template keeps as bytes is copied as stored, not inflated and deflated). Kept to what the writer
needs, so a draft does not load python-docx (about 60 ms of CPU to import)."""

from __future__ import annotations

import posixpath
import struct
import sys
import zipfile
import zlib
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

    def __init__(self, partname: str, content_type: str, blob: bytes = b"", element=None, xml: bool = False,
                 deflated: Deflated | None = None):
        self.partname, self.content_type = partname, content_type
        self._blob, self._element, self._xml = blob, element, xml or element is not None
        # a part kept as bytes (not XML), as the shipped template stores them, deflated: saved as
        # they are, and inflated only if its bytes are asked for
        self._deflated = None if self._xml else deflated
        self.rels = Rels(posixpath.split(partname)[0])

    @property
    def element(self):
        if self._element is None and self._xml:
            self._element = parse(self._blob)
        return self._element

    @property
    def blob(self) -> bytes:
        if self._xml:
            return serialize(self.element)
        if self._deflated is not None and not self._blob:
            self._blob = self._deflated.inflated()
        return self._blob

    def written(self, blob: bytes) -> None:
        """Its final bytes, given (an XML part whose writing was cached): not parsed or written again."""
        self._blob, self._element, self._xml, self._deflated = blob, None, False, None

    def deflated(self) -> Deflated:
        """Its bytes as saved: as the template stores them (a part kept as bytes), else deflated now."""
        return self._deflated or Deflated.of(self.blob)

    def related(self, reltype: str) -> Part | None:
        return self.rels.part_of(reltype)

    def relate_to(self, target: Part | str, reltype: str, external: bool = False) -> str:
        return self.rels.get_or_add(reltype, target, external)


class Deflated:
    """A zip member's data deflated (raw, as zipfile writes it at its default level), with the
    CRC and size of the bytes it holds."""
    __slots__ = ("crc", "size", "data")

    def __init__(self, crc: int, size: int, data: bytes):
        self.crc, self.size, self.data = crc, size, data

    @classmethod
    def of(cls, blob: bytes) -> Deflated:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return cls(zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush())

    def inflated(self) -> bytes:
        return zlib.decompress(self.data, -15)


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
            with zipfile.ZipFile(source) as z, open(source, "rb") as file:
                return cls._read(source, z.read, set(z.namelist()), app_properties, eager=False,
                                 deflated=lambda name: _member_deflated(z.getinfo(name), file))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise PackageError(f"{source}: cannot be read as a Word document ({exc})") from None

    @classmethod
    def _read(cls, source: str, read, names: set[str], app_properties: bytes | None, eager: bool,
              deflated=None) -> Package:
        """`eager`: every XML part parsed now (a file from outside), else when first used.
        `deflated`: a member's data as stored (Deflated, or None), read without inflating it."""
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
                    stored = None
                    if content_type == CT_APP_PROPERTIES and app_properties is not None:
                        blob = app_properties
                    elif deflated is not None and content_type not in XML_PARTS and \
                            (stored := deflated(target[1:])) is not None:
                        blob = b""  # inflated if asked for
                    else:
                        blob = read(target[1:])
                    parts[target] = Part(target, content_type, blob, xml=content_type in XML_PARTS, deflated=stored)
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
        entries = [("[Content_Types].xml", Deflated.of(_content_types(parts))), ("_rels/.rels", Deflated.of(self.rels.xml))]
        for part in parts:
            entries.append((part.partname[1:], part.deflated()))
            if part.rels:
                base, name = posixpath.split(part.partname)
                entries.append((posixpath.join(base, "_rels", name + ".rels")[1:], Deflated.of(part.rels.xml)))
        return zipped(entries, tuple(int(x) for x in date.split("-")) + (9, 0, 0))


def _member_deflated(info: zipfile.ZipInfo, file) -> Deflated | None:
    """A deflated member's data as the zip stores it (after its local header), not inflated."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:  # 0x1: encrypted
        return None
    file.seek(info.header_offset)
    head = file.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    name_length, extra_length = struct.unpack("<HH", head[26:])
    file.seek(info.header_offset + 30 + name_length + extra_length)
    data = file.read(info.compress_size)
    if len(data) != info.compress_size:
        raise zipfile.BadZipFile(f"{info.filename} is cut short")
    return Deflated(info.CRC, info.file_size, data)


_CREATE_SYSTEM = 0 if sys.platform == "win32" else 3  # as zipfile.ZipInfo records the system


def zipped(entries: list[tuple[str, Deflated]], stamp: tuple[int, ...]) -> bytes:
    """A zip of deflated entries, byte for byte as zipfile.ZipFile.writestr writes them (mode 0644,
    each stamped `stamp`), from data already deflated: a part the template stores is copied, not
    inflated and deflated again (test_docx_package holds it to zipfile's own bytes)."""
    year, month, day, hour, minute, second = stamp
    date, time = (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
    out, directory = bytearray(), bytearray()
    for name, entry in entries:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        fields = (flags, zipfile.ZIP_DEFLATED, time, date, entry.crc, len(entry.data), entry.size, len(encoded))
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, _CREATE_SYSTEM, 20, 0, *fields,
                                 0, 0, 0, 0, 0o644 << 16, len(out)) + encoded
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *fields, 0) + encoded + entry.data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return bytes(out + directory + end)


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
