"""Issue 21: a source's language detected when neither the user nor the document states it
(a script-share rule and common words), and search that finds words in Cyrillic, Arabic-script
and Chinese sources alike (the Arabic source is one we make: no real one was at hand)."""

import pytest

from reportgen.library.adding.language import detect_language

ARABIC = ("احتجزت السلطات عشرات الناشطين في المدينة بعد المظاهرات السلمية، وقال محامون إن المعتقلين "
          "لم يُسمح لهم بالاتصال بعائلاتهم لعدة أسابيع.")
RUSSIAN = ("В ходе акций протеста полиция задержала десятки человек, многим из них предъявлены обвинения "
           "по статье о дискредитации армии.")
CHINESE = "调查显示，从汽车颜色到身高多少厘米都被记录在案，范围之大规模之广前所未有，警方多次约谈家属。"


@pytest.mark.parametrize("text, language", [
    (ARABIC, "ar"), (RUSSIAN, "ru"), (CHINESE, "zh"),
    ("Під час протестів поліція затримала десятки людей, їм висунули обвинувачення у дискредитації.", "uk"),
    ("The police detained dozens of people during the protests and said that they were charged with "
     "offences that carry long sentences, according to lawyers for the families who were not allowed to see them "
     "for weeks and were told that the cases were secret.", "en"),
    ("La policía detuvo a decenas de personas durante las protestas y según los abogados de las familias "
     "los detenidos no pudieron ver a sus familias durante semanas y fueron acusados por delitos graves con penas "
     "largas para los que se dijo que las causas eran secretas.", "es"),
    ("12 345 678 — 2024", "")])
def test_language_by_script_and_common_words(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("script, text, query", [
    ("ar", ARABIC, "الناشطين"), ("ar", ARABIC, "يسمح"),  # the text writes it with a vowel mark: "يُسمح"
    ("ru", RUSSIAN, "задержала"), ("zh", CHINESE, "约谈")])
def test_search_finds_words_in_every_script(run, library, tmp_path, script, text, query):
    page = tmp_path / f"report-{script}.html"
    page.write_text(f"<html><head><title>Report {script}</title></head><body><main><h1>Report</h1><p>{text}</p>"
                    "</main></body></html>", encoding="utf-8")
    added = run("--evidence", library, "evidence", "add", str(page), "--source-type", "ngo-report",
                "--country", "SY", "--publisher", "Example Monitor")
    assert added.code == 0, added.err
    assert "language (detected from the text" in added.out
    hits = run("--evidence", library, "evidence", "search", query, "--json").json()
    assert f"report-{script}" in [h["source"] for h in hits]
