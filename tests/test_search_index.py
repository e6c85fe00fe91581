"""The search index rules (kb.publish.search) on the fixture knowledge base: no MkDocs build needed."""

from __future__ import annotations

import re
from pathlib import Path

import jieba
import pytest

from kb.load import load
from kb.publish import search

ZWSP = "\u200b"


def material_index(*docs: dict) -> dict:
    """An index as Material's search plugin writes it (config abridged)."""
    return {"config": {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-、。，．？！；]+", "pipeline": ["stemmer"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
            "docs": list(docs)}


def page(location: str, title: str = "页面", text: str = "") -> dict:
    return {"location": location, "title": title, "text": text}


@pytest.fixture
def kb(kb_root: Path):
    return load(kb_root / "data")


@pytest.mark.parametrize(("directory_urls", "home"), [(True, "checklists/schools/"), (False, "checklists/schools.html")])
def test_every_measure_is_a_document_at_its_row(kb, directory_urls: bool, home: str) -> None:
    index = search.build_index(material_index(page(""), page(home, "学校检查清单"), page(home + "#cat-screening")), kb,
                               directory_urls)
    locations = [d["location"] for d in index["docs"]]
    # Right after the checklist page's own document, so Material groups the measures under it.
    assert locations == ["", home, f"{home}#SCH-001", f"{home}#SCH-002", f"{home}#SCH-003", f"{home}#cat-screening"]
    doc = index["docs"][3]
    words = search.tokens(doc["text"])
    # Detail, records, responsible party and role, frequency.
    for word in ("教室", "开窗", "通风", "记录", "后勤", "主任", "每日", "三次"):
        assert word in words, (word, words)
    if hasattr(kb.measure_by_id["SCH-002"], "sources"):  # a document cited by name, with no page of its own
        assert {"学校", "卫生"} <= set(words)
    assert search.tokens(doc["title"]) == ["开窗", "通风"]
    # A cited report is indexed on its own page, not on every measure that cites it.
    assert "RPT-001" not in index["docs"][2]["text"]


def test_historical_measures_rank_below_current_ones(kb) -> None:
    historical = kb.measure_by_id["SCH-003"]
    assert historical.status == "historical"
    assert search.measure_document(kb, historical, "checklists/schools/#SCH-003")["boost"] < 1
    assert "boost" not in search.measure_document(kb, kb.measure_by_id["SCH-001"], "checklists/schools/#SCH-001")


def test_historical_measures_are_found_by_title_and_their_detail_is_left_to_the_reports(kb) -> None:
    historical = kb.measure_by_id["SCH-003"]
    doc = search.measure_document(kb, historical, "checklists/schools/#SCH-003")
    assert search.tokens(doc["title"]) == search.tokens(search.segment(historical.title))
    assert search.tokens(doc["text"]) == search.tokens(search.segment(kb.vocabulary.label("statuses", "historical")))
    assert not {"寒假", "进出"} & set(search.tokens(doc["text"]))
    assert any(historical.id in action.measures for report in kb.reports for action in report.actions)


def test_measures_of_a_checklist_missing_from_the_index_are_still_added(kb) -> None:
    index = search.build_index(material_index(page("")), kb, True)
    assert [d["location"] for d in index["docs"]][1:] == [f"checklists/schools/#SCH-00{n}" for n in (1, 2, 3)]


@pytest.mark.parametrize(("directory_urls", "home"), [(True, "reports/RPT-001/"), (False, "reports/RPT-001.html")])
def test_a_reports_figures_are_in_its_statistics_section(kb, directory_urls: bool, home: str) -> None:
    index = search.build_index(material_index(page(home, "汇报"), page(home + "#statistics", "汇报中的数字")), kb,
                               directory_urls)
    words = search.tokens(index["docs"][1]["text"])
    assert {"横幅", "60+", "条", "校门口", "200,000+", "张"} <= set(words), words
    assert search.tokens(index["docs"][0]["text"]) == []


def test_staff_pages_outrank_editors_pages(kb) -> None:
    index = search.build_index(material_index(
        page("guide/schools/"), page("checklists/schools/"), page("diseases/influenza/"),
        page("editors/data/#schema"), page("changelog/"), page("statistics/"),
        {**page("about/"), "boost": 7},  # a page's own `search: boost:` front matter wins
    ), kb, True)
    boost = {d["location"]: d.get("boost", 1.0) for d in index["docs"]}
    staff = [boost["guide/schools/"], boost["checklists/schools/"], boost["diseases/influenza/"],
             boost["checklists/schools/#SCH-001"]]
    assert min(staff) >= boost["statistics/"] > max(boost["editors/data/#schema"], boost["changelog/"])
    assert boost["about/"] == 7
    # A measure's title weighs more than its detail: the title field carries Material's larger boost.
    fields = index["config"]["fields"]
    assert fields["title"]["boost"] > fields["text"]["boost"]


def test_compacting_keeps_every_token_and_the_separator_keeps_zwsp() -> None:
    text = "<p>\u200b教室\u200b每天\u200b开窗\u200b通风\u200b：\u200b早\u200b、\u200b中\u200b、\u200b晚\u200b（\u200b三次\u200b）</p> 2 \u200b小时"
    small = search.compact(text)
    assert search.tokens(small) == search.tokens(text) == ["教室", "每天", "开窗", "通风", "早", "中", "晚", "三次", "2", "小时"]
    assert len(small) < len(text) and "开窗\u200b通风" in small
    assert "\\u200b" in search.SEPARATOR and re.compile(search.SEPARATOR).split("甲\u200b乙：丙") == ["甲", "乙", "丙"]


def test_dictionary_comes_from_glossary_sectors_titles_and_the_extra_list(kb) -> None:
    lines = search.dictionary_lines(kb, "网格化 100 n\n# a comment\n\n晨午检 50 n\n")
    words = [line.split()[0] for line in lines]
    assert len(words) == len(set(words))
    assert {"网格员", "网格", "学校", "网格化"} <= set(words)
    # The glossary's entry wins over the extra list's; the extra list keeps its own frequency.
    assert "网格化 100 n" in lines
    assert all(re.fullmatch(r"\S+ \d+ \w+", line) for line in lines)


def test_terms_with_spaces_or_punctuation_become_their_chinese_words() -> None:
    assert search.han_words("84 消毒液") == ["消毒液"]
    assert search.han_words("内防扩散、外防输出") == ["内防扩散", "外防输出"]


def test_title_words_keep_what_jieba_only_guesses() -> None:
    words = search.title_words(["规范活禽交易", "每日开展晨午检"], known=["晨午检"])
    assert "活禽" in words  # not in jieba's dictionary: kept so every page segments it the same way
    assert "开展" not in words and "晨午检" not in words  # jieba or the other lists know these already


def test_a_new_glossary_term_is_a_search_word_with_no_other_change(kb_root: Path, tmp_path: Path) -> None:
    term = "临时观察室"
    assert jieba.lcut(f"学生先到{term}等候") != ["学生", "先到", term, "等候"]  # jieba alone splits it
    glossary = kb_root / "data/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + f"  - {{id: observation-room, term: {term}, definition: 学校临时安置有症状学生的房间。}}\n",
                        encoding="utf-8")
    path = search.write_dictionary(search.dictionary_lines(load(kb_root / "data")), tmp_path)
    assert not path.is_relative_to(kb_root)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    assert term in tokenizer.lcut(f"学生先到{term}等候")


def test_dictionary_file_is_named_by_its_content(tmp_path: Path) -> None:
    first = search.write_dictionary(["甲乙 10 n"], tmp_path)
    assert search.write_dictionary(["甲乙 10 n"], tmp_path) == first
    assert search.write_dictionary(["丙丁 10 n"], tmp_path) != first
    assert first.read_text(encoding="utf-8") == "甲乙 10 n\n"
    assert ZWSP not in first.read_text(encoding="utf-8")


def test_query_segmenter_fix_applies_to_materials_worker() -> None:
    import material

    [worker] = (Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js")
    fixed = search.fix_query_segmenter(worker.read_text(encoding="utf-8"))
    assert re.search(r"\+1;(\w+)<=\w+\.length;\1\+\+", fixed)
    with pytest.raises(ValueError):
        search.fix_query_segmenter("function segment(){}")
