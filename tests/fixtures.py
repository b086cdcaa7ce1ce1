"""Source files of our own making, in each format researchers bring: HTML, PDF and Word."""

from __future__ import annotations

from pathlib import Path

HTML = """<!doctype html>
<html lang="en"><head><title>Returnees Questioned | Example Monitor</title>
<meta property="og:site_name" content="Example Monitor">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-03T10:00:00Z">
<meta property="og:url" content="https://monitor.example.org/returnees">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/asia">Asia</a> | <a href="/about">About</a></nav></header>
<main><article>
<h1>Returnees Questioned</h1>
<p class="byline">By Jane Roe · 3 May 2024</p>
<p>Police in the province questioned the families of three activists last month, according to a statement by a rights group.</p>
<figure><img src="p.jpg" alt=""><figcaption>A protester holds a placard outside the embassy. (Reuters/John Smith)</figcaption></figure>
<h2>Pressure at home</h2>
<p>The group said relatives had been warned not to speak to foreign media and that one had lost her job as a result.</p>
<p>Subscribe to our newsletter for the latest updates!</p>
<p>Officials did not respond to a request for comment. The ministry has previously denied all such reports.</p>
</article></main>
<aside><h3>Related stories</h3><ul><li><a href="/x">Exiles describe harassment abroad</a></li></ul></aside>
<footer><p>© 2024 Example Monitor. All rights reserved.</p><p>Contact: desk@monitor.example.org</p></footer>
</body></html>
"""
HTML_PARAGRAPHS = [
    "Police in the province questioned the families of three activists last month, according to a statement by a rights group.",
    "The group said relatives had been warned not to speak to foreign media and that one had lost her job as a result.",
    "Officials did not respond to a request for comment. The ministry has previously denied all such reports.",
]

# PDF pages as lines ("" is the space between paragraphs): a running header and footer on each
# page, a word hyphenated at a line end, and a paragraph that runs from page 1 onto page 2.
PDF_PAGES = [
    ["Annual Report on Returns 2025", "", "1. Detention after return", "",
     "Returnees who had sought asylum abroad were questioned by state security on arrival and",
     "several were held in administrative detention for up to fifteen days without any charge.", "",
     "Families of those who stayed abroad reported visits from local police and pressure to per-",
     "suade their relatives to come home, in some cases accompanied by threats to their jobs and",
     "their pensions, and in others by the withdrawal of the household registration that gives",
     "Page 1"],
    ["Annual Report on Returns 2025",
     "access to schooling for children living in the family home.", "",
     "2. Surveillance", "",
     "Monitoring of returnees continued for months after release, with regular summonses to the",
     "local police station and checks on their online accounts and messaging apps.",
     "Page 2"],
    ["Annual Report on Returns 2025", "",
     "Lawyers who took on the cases of returnees reported that their licences were suspended.",
     "Page 3"],
]
PDF_PARAGRAPHS = [  # (page, para on that page, text)
    (1, 1, "Returnees who had sought asylum abroad were questioned by state security on arrival and several "
            "were held in administrative detention for up to fifteen days without any charge."),
    (1, 2, "Families of those who stayed abroad reported visits from local police and pressure to persuade "
            "their relatives to come home, in some cases accompanied by threats to their jobs and their "
            "pensions, and in others by the withdrawal of the household registration that gives access to "
            "schooling for children living in the family home."),
    (2, 1, "Monitoring of returnees continued for months after release, with regular summonses to the local "
            "police station and checks on their online accounts and messaging apps."),
    (3, 1, "Lawyers who took on the cases of returnees reported that their licences were suspended."),
]


def write_html(path: Path) -> Path:
    path.write_text(HTML, encoding="utf-8")
    return path


def write_pdf(path: Path, pages=PDF_PAGES, title="Annual Report on Returns 2025", author="Example Watch",
              password: str | None = None) -> Path:
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_font("Helvetica", size=10)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))
    return path


def write_blank_pdf(path: Path) -> Path:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100)  # a page with no text layer, as a scan would be
    pdf.output(str(path))
    return path


def write_docx(path: Path) -> Path:
    import docx
    document = docx.Document()
    document.core_properties.title = "Briefing on Exit Controls"
    document.core_properties.author = "Example Institute"
    document.add_heading("Briefing on Exit Controls", level=0)
    document.add_heading("Passports", level=1)
    document.add_paragraph("Passports of people who had criticised officials were confiscated at the border, "
                           "and several were told to apply again through their employer.")
    document.add_paragraph("Click here to subscribe")
    document.add_heading("Travel bans", level=1)
    document.add_paragraph("Relatives of activists abroad were placed under exit bans and could not travel "
                           "to visit them.")
    document.save(str(path))
    return path
