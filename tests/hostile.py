"""Hostile and broken files of our own making: each one of a class a fault pass found."""

from __future__ import annotations

import zipfile
from pathlib import Path


def raw_pdf(path: Path, objects: list[bytes], trailer: bytes = b"") -> Path:
    """A PDF from its numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    path.write_bytes(bytes(out))
    return path


def deep_page_tree_pdf(path: Path, depth: int = 3000) -> Path:
    """A page tree thousands of Pages nodes deep around one page with text."""
    first = 2
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        n = first + level
        parent = b" /Parent %d 0 R" % (n - 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (n + 1, parent))
    page = first + depth
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (page - 1, page + 1))
    stream = b"BT /F1 12 Tf 72 720 Td (Police questioned returnees at the airport for many hours.) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return raw_pdf(path, objects)


def aes_encrypted_pdf(path: Path) -> Path:
    """A PDF whose encryption dictionary asks for AES (which pypdf decrypts only with `cryptography`)."""
    encrypt = (b"<< /Filter /Standard /V 4 /R 4 /Length 128 /P -4 /StmF /StdCF /StrF /StdCF "
               b"/CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV2 /Length 16 >> >> "
               b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>", encrypt]
    return raw_pdf(path, objects, b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))


def zip_bomb_docx(path: Path, inflated: int = 4 * 1024 * 1024) -> Path:
    """A .docx whose document.xml inflates far beyond its compressed size (spaces compress ~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                   'wordprocessingml/2006/main"><w:body>' + " " * inflated + "</w:body></w:document>")
    return path


def flate_bomb_pdf(path: Path, inflated: int = 1024 * 1024 * 1024) -> Path:
    """A one-page PDF whose content stream is a Flate bomb: ~1 MB on disk per GiB of spaces."""
    import zlib
    packer = zlib.compressobj(9)
    head = b"BT /F1 12 Tf 72 720 Td (Police questioned returnees at the airport.) Tj ET\n"
    body = [packer.compress(head)]
    chunk = b" " * (16 * 1024 * 1024)
    for _ in range(inflated // len(chunk)):
        body.append(packer.compress(chunk))
    body.append(packer.flush())
    stream = b"".join(body)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    return raw_pdf(path, objects)


def many_attributes_html(path: Path, attributes: int = 200_000) -> Path:
    """One element with a great many attributes: libxml2's parser, in C, takes minutes on it."""
    attrs = " ".join(f'a{n}="{n}"' for n in range(attributes))
    path.write_text(f"<html><head><title>Attributes</title></head><body><p {attrs}>Police came at night to "
                    f"question the relatives of activists abroad.</p></body></html>", encoding="utf-8")
    return path


def aliased_yaml(levels: int = 9) -> str:
    """A 'billion laughs' of YAML aliases: ten lines that would build 10^levels items."""
    return "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefghijk", "bcdefghijkl"[:levels - 1]))


def understated_docx(path: Path, inflated: int = 512 * 1024 * 1024, declared: int = 1000) -> Path:
    """A .docx whose document.xml headers (local and central) declare `declared` bytes while the
    part inflates to `inflated`: a reader trusting the header is fooled."""
    import struct
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        with z.open("word/document.xml", "w") as fh:
            chunk = b" " * (16 * 1024 * 1024)
            for _ in range(inflated // len(chunk)):
                fh.write(chunk)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04", 4)  # the second local header: document.xml's
    assert data[local + 30:local + 30 + len(name)] == name
    struct.pack_into("<I", data, local + 22, declared)
    central = data.rfind(name, 0, data.rfind(b"PK\x05\x06")) - 46
    assert data[central:central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))
    return path


def worker_memory(reserve: int = 0) -> tuple[int, int]:
    """Run in a bounded worker: (its RLIMIT_AS, its address space with `reserve` more bytes
    mapped). Mapped, not touched: the address-space limit counts them, the machine spends no
    memory. Module level, so that a spawned worker imports it by name."""
    import mmap
    import resource
    mapped = mmap.mmap(-1, reserve) if reserve else None
    with open("/proc/self/statm") as fh:
        size = int(fh.read().split()[0]) * mmap.PAGESIZE
    if mapped is not None:
        mapped.close()
    return resource.getrlimit(resource.RLIMIT_AS)[0], size


def worker_reportgen() -> str:
    """Run in a bounded worker: the file its reportgen.limits was imported from."""
    import sys
    return sys.modules["reportgen.limits"].__file__


def worker_chatty() -> str:
    """Run in a bounded worker: prints, as a parser or its C library may, then answers."""
    import os
    print("a parser's own output")
    os.write(1, b"and a C library's\n")
    return "the answer"


def worker_starting_a_child(pidfile: str, hang: bool) -> str:
    """Run in a bounded worker: starts a process that outlives it unless stopped (as OCR starts
    Tesseract), writes its pid, then hangs past the watchdog or returns."""
    import subprocess
    import sys
    import time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    Path(pidfile).write_text(str(child.pid))
    while hang:
        time.sleep(1)
    return "returned"


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, or one gone, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def python_calls(fn, *args) -> int:
    """How many Python and C function calls (generator steps included) fn(*args) makes: the
    work it does, counted rather than timed, so a test can compare it on inputs of two sizes."""
    import sys
    calls = 0

    def count(_frame, event, _arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1
    sys.setprofile(count)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return calls


def workers_ended(monkeypatch) -> list[tuple[int, int | None, float]]:
    """(pid, wait status, watchdog seconds) of every worker limits.bounded collects, as the parent
    saw it end; status None: its watchdog killed it."""
    from reportgen import limits
    ended, collect = [], limits._collect

    def recorded(pid, fd, seconds):
        data, status = collect(pid, fd, seconds)
        ended.append((pid, status, seconds))
        return data, status
    monkeypatch.setattr(limits, "_collect", recorded)
    return ended


def yaml_built(monkeypatch, log: Path) -> Path:
    """Log, into `log`, every YAML document built (yaml.load) that holds an alias, in this process
    or a worker forked from it: refused before expansion, there is none."""
    import os

    import yaml
    load = yaml.load

    def logged(text, *args, **kwargs):
        if isinstance(text, str) and "*" in text and "&" in text:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        return load(text, *args, **kwargs)
    monkeypatch.setattr(yaml, "load", logged)
    return log
