"""Worst cases of hostile input, each run as a real command under /usr/bin/time -v: prints the
exit code, wall time and peak memory of each (one run each: they are limits, not speeds).

    python bench/hostile_input.py [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from common import REPO

sys.path.insert(0, str(REPO / "tests"))
from hostile import aliased_yaml, deep_page_tree_pdf, flate_bomb_pdf, many_attributes_html, understated_docx, zip_bomb_docx  # noqa: E402

MiB = 1024 * 1024
META = ("id: {id}\ntitle: Hostile\nauthor: unknown\npublisher: unknown\npublished: 2025\nurl: unknown\n"
        "accessed: 2026-11-01\ncountry: [CN]\nsource_type: other\nlanguage: en\n")


def reportgen(*args) -> list[str]:
    return [sys.executable, "-m", "reportgen.cli", *map(str, args)]


def reportgen_spawning(*args) -> list[str]:
    """reportgen with its bounded workers started as fresh interpreters, as on Windows and macOS."""
    code = ("import sys; from reportgen import limits; limits.START_METHOD = 'spawn'; "
            "from reportgen.cli import main; sys.exit(main(sys.argv[1:]))")
    return [sys.executable, "-c", code, *map(str, args)]


def reportgen_without_rlimits(*args) -> list[str]:
    """reportgen where `import resource` fails, as on Windows: only the watchdog stops a worker."""
    code = ("import sys; sys.modules['resource'] = None; "
            "from reportgen.cli import main; sys.exit(main(sys.argv[1:]))")
    return [sys.executable, "-c", code, *map(str, args)]


def measure(name: str, argv: list[str]) -> None:
    done = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, timeout=1800)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", done.stderr).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    said = next((ln for ln in done.stderr.splitlines() if ln.startswith("reportgen:")), "")
    print(f"{name:28} exit {done.returncode}  {wall:>8}  {rss / 1024:7.0f} MB  {said[:110]}", flush=True)


def library(root: Path) -> Path:
    lib = root / "evidence"
    shutil.copytree(REPO / "evidence", lib, ignore=shutil.ignore_patterns(".reportgen-index*", "__*"))
    return lib


def big_bomb(path: Path, inflated: int) -> Path:
    """A .docx whose document.xml inflates to `inflated` bytes, written in a stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (64 * MiB)
            for _ in range(inflated // len(chunk)):
                fh.write(chunk)
    return path


def long_report(src: Path, out: Path, copies: int) -> Path:
    """A drafted report grown to many footnotes and bibliography entries (each one distinct)."""
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode()
    notes = parts["word/footnotes.xml"].decode()
    cited = re.findall(r"<w:p\b(?:(?!</w:p>).)*?<w:footnoteReference w:id=\"(\d+)\"/>.*?</w:p>", doc, re.S)
    first_note = re.search(r"<w:p\b(?:(?!</w:p>).)*?<w:footnoteReference w:id=\"\d+\"/>.*?</w:p>", doc, re.S).group(0)
    entry = re.search(r"<w:p\b(?:(?!</w:p>).)*?w:val=\"BibliographyEntry\"/>.*?</w:p>", doc, re.S).group(0)
    note = re.search(r"<w:footnote w:id=\"%s\">.*?</w:footnote>" % cited[0], notes, re.S).group(0)
    base = 10_000
    more_paras, more_entries, more_notes = [], [], []
    for i in range(copies):
        nid = base + i
        more_paras.append(re.sub(r'w:footnoteReference w:id="\d+"', f'w:footnoteReference w:id="{nid}"', first_note))
        more_entries.append(re.sub(r"(<w:t(?: [^>]*)?>)", rf"\g<1>Source {i} ", entry, count=1))
        renumbered = re.sub(r'w:id="\d+"', f'w:id="{nid}"', note, count=1)
        more_notes.append(re.sub(r"(<w:t(?: [^>]*)?>)", rf"\g<1>Source {i} ", renumbered, count=1))
    doc = doc.replace("</w:body>", "".join(more_paras + more_entries) + "</w:body>")
    parts["word/document.xml"] = doc.encode()
    parts["word/footnotes.xml"] = notes.replace("</w:footnotes>", "".join(more_notes) + "</w:footnotes>").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def blank_pages_pdf(path: Path, pages: int) -> Path:
    """A small PDF of many empty pages: each one still rasterised and given to Tesseract."""
    import pikepdf
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(612, 792))
    pdf.save(path)
    return path


def scanned_page(path: Path) -> Path:
    """A one-page scan: a picture of a few lines of text, no text layer."""
    from PIL import Image, ImageDraw, ImageFont
    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(["The authorities detained opposition journalists in the capital",
                              "during the protests of March; several were held for weeks."]):
        draw.text((150, 250 + 70 * n), line, fill=0, font=ImageFont.load_default(size=44))
    image.save(path, resolution=200)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="reportgen-hostile-"))
    lib = library(root)
    add = ("evidence", "add", "--title", "T", "--source-type", "other", "--country", "CN")
    cases = {}

    def case(name):
        def register(fn):
            cases[name] = fn
            return fn
        return register

    @case("verify 3 GiB docx bomb")
    def _():
        bomb = big_bomb(root / "bomb.docx", 3 * 1024 * MiB)
        print(f"  (bomb: {bomb.stat().st_size / MiB:.1f} MB on disk)")
        measure("verify 3 GiB docx bomb", reportgen("--evidence", lib, "verify", bomb))
        measure("add 3 GiB docx bomb", reportgen("--evidence", lib, *add, bomb))

    @case("docx at the part cap")
    def _():
        import random

        import docx

        from reportgen.limits import ZIP_PART_BYTES
        rng = random.Random(2)
        words = ["police", "relatives", "activists", "questioned", "abroad", "detained", "province", "returnees",
                 "officials", "summoned", "passport", "border", "families", "visited", "warned", "threatened"]
        document = docx.Document()
        document.add_heading("A very long Word source", level=0)
        body = document.element.body
        template = document.add_paragraph("x")._p
        from copy import deepcopy
        size, n = 0, 0
        while size < ZIP_PART_BYTES * 0.9:
            p = deepcopy(template)
            text = " ".join(rng.choices(words, k=60)).capitalize() + f" {n}."
            p.find(".//{*}t").text = text
            body.append(p)
            size += len(text) + 120
            n += 1
        path = root / "long.docx"
        document.save(str(path))
        with zipfile.ZipFile(path) as z:
            part = z.getinfo("word/document.xml")
        print(f"  (docx: {path.stat().st_size / MiB:.1f} MB, document.xml {part.file_size / MiB:.0f} MiB)")
        measure(f"add docx {part.file_size // MiB} MiB part", reportgen("--evidence", lib, *add, path))

    @case("add small-ratio bomb")
    def _():
        measure("add 4 MiB 1000:1 docx", reportgen("--evidence", lib, *add, zip_bomb_docx(root / "small.docx")))

    @case("add HTML at the cap")
    def _():
        para = "<p>" + " ".join(f"Police questioned relative number {i} of activists abroad." for i in range(40)) + "</p>\n"
        page = root / "huge.html"
        page.write_text("<html><head><title>Huge</title></head><body><article>"
                        + para * (10 * MiB // len(para) - 1) + "</article></body></html>")
        measure(f"add HTML {page.stat().st_size / MiB:.1f} MiB", reportgen("--evidence", lib, *add, page))
        tiny = root / "tiny.html"  # a million tiny elements, nested and not
        tiny.write_text("<html><body>" + "<div><p>Police came.</p></div>" * (10 * MiB // 32 // 2)
                        + "<div>" * 5000 + "x" + "</div>" * 5000 + "</body></html>")
        measure(f"add HTML {tiny.stat().st_size / MiB:.1f} MiB tiny", reportgen("--evidence", lib, *add, "--id", "t", tiny))
        from reportgen.limits import HTML_ELEMENTS
        under = root / "under.html"  # just under the element cap: the read budget stops it
        under.write_text("<html><body>" + "<div><p>Police came.</p></div>" * (HTML_ELEMENTS // 2 - 10) + "</body></html>")
        measure(f"add HTML {HTML_ELEMENTS // 1000}k tiny elements", reportgen("--evidence", lib, *add, "--id", "u", under))
        over = root / "over.html"
        with open(over, "wb") as fh:
            fh.truncate(200 * MiB)
        measure("add HTML 200 MiB", reportgen("--evidence", lib, *add, over))

    @case("text at the cap")
    def _():
        import random
        rng = random.Random(1)
        words = sorted(set(re.findall(r"[a-z]{3,}", " ".join(
            p.read_text().lower() for p in (REPO / "evidence" / "sources").glob("*.txt")))))
        big = root / "big.txt"
        with open(big, "w") as fh:
            fh.write("A generated source\n\n")
            while fh.tell() < 20 * MiB - 2000:  # distinct paragraphs of three sentences
                fh.write(". ".join(" ".join(rng.choices(words, k=15)).capitalize() for _ in range(3)) + ".\n\n")
        measure(f"add text {big.stat().st_size / MiB:.1f} MiB", reportgen("--evidence", lib, *add, big))

    @case("index 200 KB lines")
    def _():
        lines = ["a" * 200_000 + "@", "pose " * 40_000, "Ab " * 66_000, "1" * 200_000 + "@",
                 "Police said that " * 12_000 + "the families were questioned by the police.",
                 "Relatives of activists abroad were questioned, " * 4_300 + "a rights group said."]
        for n, line in enumerate(lines):
            (lib / "sources" / f"long-{n}.txt").write_text("Title\n\n" + line + "\n")
            (lib / "sources" / f"long-{n}.meta.yaml").write_text(META.format(id=f"long-{n}"))
        measure("index 6 x 200 KB lines", reportgen("--evidence", lib, "evidence", "index"))

    @case("sidecar aliases")
    def _():
        laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        (lib / "sources" / "laughs.txt").write_text("Police questioned the relatives of activists abroad.\n")
        (lib / "sources" / "laughs.meta.yaml").write_text(laughs + META.format(id="laughs"))
        measure("index sidecar 10^9 aliases", reportgen("--evidence", lib, "evidence", "index"))

    @case("deep page tree")
    def _():
        deep = deep_page_tree_pdf(root / "deep.pdf", depth=3000)
        measure("add 3000-deep page tree", reportgen("--evidence", lib, *add, deep))

    @case("verify long report")
    def _():
        drafted = root / "draft.docx"
        subprocess.run(reportgen("--evidence", lib, "draft", REPO / "examples" / "uk-anonymised.yaml", "-o", drafted),
                       check=True, capture_output=True)
        big = long_report(drafted, root / "long.docx", 30000)
        measure(f"verify {big.stat().st_size // 1024} KB report", reportgen("--evidence", lib, "verify", big))

    @case("validate devices")
    def _():
        measure("validate /dev/zero", reportgen("--evidence", lib, "validate", "/dev/zero"))

    @case("import-csl deep")
    def _():
        deep = root / "deep.json"
        deep.write_text("[" * 1_000_000 + "]" * 1_000_000)
        measure("import-csl 10^6-deep JSON", reportgen("--evidence", lib, "evidence", "import-csl", deep))
        many = root / "many.json"
        many.write_text(json.dumps([{"id": i, "title": f"Nothing {i}"} for i in range(100_000)]))
        measure("import-csl 100k items", reportgen("--evidence", lib, "evidence", "import-csl", many))

    @case("Flate-bomb PDF")
    def _():
        bomb = flate_bomb_pdf(root / "bomb.pdf", inflated=2048 * MiB)
        print(f"  (bomb: {bomb.stat().st_size / MiB:.1f} MB on disk, 2 GiB inflated)")
        measure("add Flate-bomb PDF", reportgen("--evidence", lib, *add, bomb))
        measure("add it, spawned worker", reportgen_spawning("--evidence", lib, *add, bomb))
        shutil.copy(bomb, lib / "sources" / "bomb.pdf")
        (lib / "sources" / "bomb.meta.yaml").write_text(META.format(id="bomb"))
        measure("index a library holding it", reportgen("--evidence", lib, "evidence", "index"))
        draft = ("--evidence", lib, "draft", REPO / "examples" / "uk-anonymised.yaml", "-o", root / "b.docx", "--force")
        measure("draft with it in the library", reportgen(*draft))
        measure("draft again", reportgen(*draft))  # the index remembers the failure: no worker
        (lib / "sources" / "bomb.meta.yaml").write_text(META.format(id="bomb") + "notes: changed\n")
        measure("draft, sidecar changed", reportgen(*draft))  # read again, once
        (lib / "sources" / "bomb.pdf").unlink()
        (lib / "sources" / "bomb.meta.yaml").unlink()

    @case("OCR")
    def _():
        sys.path.insert(0, str(REPO / "src"))
        from reportgen.library.adding.ocr import missing
        if missing():
            print(f"  OCR: skipped ({', '.join(missing())} not installed)")
            return
        bomb = flate_bomb_pdf(root / "ocr-bomb.pdf", inflated=2048 * MiB)
        measure("add --ocr Flate-bomb PDF", reportgen("--evidence", lib, *add, "--ocr", "--id", "ob", bomb))
        blank = blank_pages_pdf(root / "blank.pdf", 5000)
        print(f"  (blank: {blank.stat().st_size / MiB:.1f} MB on disk, 5,000 pages)")
        measure("add --ocr 5,000 blank pages", reportgen("--evidence", lib, *add, "--ocr", blank))
        measure("same, --pages 1-3", reportgen("--evidence", lib, *add, "--ocr", "--pages", "1-3", blank))
        odd = scanned_page(root / "-rf $(x) \x1b]0;odd\x07 ü 文件.pdf")
        measure("add --ocr odd file name", reportgen("--evidence", lib, *add, "--ocr", "--id", "odd", odd))


    @case("wall of text")
    def _():
        wall = root / "wall.txt"  # 19 MiB of Chinese without a break: one paragraph, as the index saw it
        pick = random.Random(1).choice
        chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"  # common characters
        with open(wall, "w", encoding="utf-8") as fh:
            for _ in range(19 * 1024 // 3):
                fh.write("".join(pick(chars) for _ in range(1024)))
            fh.write("。\n")
        measure("add 19 MiB one-line Chinese", reportgen("--evidence", lib, *add, wall))


    @case("understated docx")
    def _():
        lying = understated_docx(root / "lying.docx", inflated=2032 * MiB)  # below zip64
        print(f"  (docx: {lying.stat().st_size / MiB:.1f} MB on disk; headers say 1,000 bytes, 2032 MiB inflated)")
        measure("add understated docx", reportgen("--evidence", lib, *add, lying))
        measure("verify understated docx", reportgen("--evidence", lib, "verify", lying))

    @case("many-attribute page")
    def _():
        page = many_attributes_html(root / "attributes.html")
        measure("add 200,000-attribute page", reportgen("--evidence", lib, *add, page))
        measure("add it, spawned worker", reportgen_spawning("--evidence", lib, *add, page))
        measure("add it, watchdog only", reportgen_without_rlimits("--evidence", lib, *add, "--id", "w", page))

    @case("aliased taxonomy")
    def _():
        taxonomy = lib / "taxonomies" / "CN.yaml"
        kept = taxonomy.read_text(encoding="utf-8")
        taxonomy.write_text(aliased_yaml() + kept, encoding="utf-8")
        measure("factors, aliased taxonomy", reportgen("--evidence", lib, "factors", "--country", "CN"))
        taxonomy.write_text(kept, encoding="utf-8")

    @case("verify bookmarks")
    def _():
        drafted = root / "marks.docx"
        subprocess.run(reportgen("--evidence", lib, "draft", REPO / "examples" / "uk-anonymised.yaml", "-o", drafted),
                       check=True, capture_output=True)
        with zipfile.ZipFile(drafted) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        marks = "".join(f'<w:bookmarkStart w:id="{90000 + n}" w:name="open{n}"/>' for n in range(1000))
        refs = "".join(f'<w:r><w:footnoteReference w:id="{20000 + n}"/></w:r>' for n in range(10_000))
        doc = parts["word/document.xml"].decode()
        parts["word/document.xml"] = doc.replace("<w:sectPr", f"<w:p>{marks}{refs}</w:p><w:sectPr", 1).encode()
        with zipfile.ZipFile(drafted, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        measure("verify 1k bookmarks, 10k notes", reportgen("--evidence", lib, "verify", drafted))

    try:
        for name, fn in cases.items():
            if not args.only or args.only in name:
                fn()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
