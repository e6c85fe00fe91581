"""The search index rules (kb.publish.search): what Pagefind indexes of a built page, on the fixture knowledge base
(no MkDocs build needed)."""

from __future__ import annotations

import re
from pathlib import Path

import jieba
import pytest

from kb.load import load
from kb.publish import search

ZWSP = "\u200b"


def built_page(article: str, title: str = "页面") -> str:
    """A page as the engine and theme write it: the article between the theme's header and footer."""
    return (f'<html lang="zh"><body><header><a class="md-header__button">首页</a></header>'
            f'<article class="md-content__inner md-typeset"><h1 id="{title}">{title}</h1>{article}</article>'
            "<footer>页脚</footer></body></html>")


def sections_of(kb, url: str, article: str = "", directory_urls: bool = True) -> dict[str, list[str]]:
    """The words of each result of a built page as the reader sees it: the page's own document and,
    for a checklist page, the parts of its measures shown as that page."""
    document = search.index_document(built_page(article), url, search.page_extras(kb, directory_urls))
    assert document is not None
    found = search.document_sections(document, url)
    title = search.document_title(document)
    for number, part in enumerate(search.checklist_parts(kb, directory_urls).get(url, ()), 1):
        part_url = search.part_url(url, number)
        for location, words in search.document_sections(search.part_document(title, part), part_url).items():
            found.setdefault(search.page_of(location), []).extend(words)
    return found


@pytest.fixture
def kb(kb_root: Path):
    return load(kb_root / "data")


@pytest.mark.parametrize(("directory_urls", "home"), [(True, "checklists/schools/"), (False, "checklists/schools.html")])
def test_every_measure_is_a_section_at_its_row(kb, directory_urls: bool, home: str) -> None:
    table = '<table data-search-exclude><tr id="SCH-001"><td>表格里的文字</td></tr></table><h2 id="cat-screening">晨午检</h2>'
    sections = sections_of(kb, home, table, directory_urls)
    assert [loc for loc in sections if "#SCH-" in loc] == [f"{home}#SCH-00{n}" for n in (1, 2, 3)]
    assert f"{home}#cat-screening" in sections
    assert not any("表格" in words for words in sections.values())  # the table is indexed once, in the measures' own sections
    words = sections[f"{home}#SCH-002"]
    # Title first (a heading), then detail, records, responsible party and role, frequency.
    assert words[:2] == ["开窗", "通风"]
    for word in ("教室", "开窗", "通风", "记录", "后勤", "主任", "每日", "三次"):
        assert word in words, (word, words)
    # A cited report is indexed on its own page, not on every measure that cites it.
    assert "rpt-001" not in sections[f"{home}#SCH-001"]


def test_a_checklists_measures_are_indexed_in_parts_under_the_pages_title(kb, monkeypatch) -> None:
    monkeypatch.setattr(search, "PART_SIZE", 2)
    parts = search.checklist_parts(kb, True)["checklists/schools/"]
    measures = kb.checklists["schools"].measures
    assert len(parts) == -(-len(measures) // 2) and len(parts) >= 2
    assert [re.findall(r'<h2 id="([^"]+)"', part) for part in parts] == [
        [m.id for m in measures[i:i + 2]] for i in range(0, len(measures), 2)]
    document = search.part_document("学校 检查 清单", parts[0])
    assert 'data-pagefind-meta="title:学校 检查 清单"' in document and "<h1" not in document
    assert search.page_of(search.part_url("checklists/schools/", 2) + "#SCH-003") == "checklists/schools/#SCH-003"
    assert search.page_of("checklists/schools.html?part=12") == "checklists/schools.html"
    assert search.page_of("guide/schools/#fever") == "guide/schools/#fever"


def test_historical_measures_rank_below_current_ones_and_keep_their_detail(kb) -> None:
    historical = kb.measure_by_id["SCH-003"]
    assert historical.status == "historical"
    section = search.measure_section(kb, historical)
    assert f'data-pagefind-weight="{search.HISTORICAL_BOOST}"' in section and search.HISTORICAL_BOOST < 1
    assert "data-pagefind-weight" not in search.measure_section(kb, kb.measure_by_id["SCH-001"])
    # Every visible word is findable: the detail of a 2020 practice too, at its lower weight.
    assert set(search.tokens(search.spaced(historical.detail))) <= set(search.tokens(section))


@pytest.mark.parametrize(("directory_urls", "home"), [(True, "reports/RPT-001/"), (False, "reports/RPT-001.html")])
def test_a_reports_figures_are_in_its_statistics_section(kb, directory_urls: bool, home: str) -> None:
    article = '<p>汇报正文</p><h2 id="statistics">汇报中的数字</h2><table data-search-exclude><tr><td>表</td></tr></table>'
    sections = sections_of(kb, home, article, directory_urls)
    assert {"横幅", "60+", "条", "校门口", "200,000+", "张"} <= set(sections[f"{home}#statistics"]), sections
    assert "横幅" not in sections[f"{home}#页面"]


def test_staff_pages_outrank_editors_pages(kb) -> None:
    def boost(url: str) -> float:
        document = search.index_document(built_page("<p>消毒</p><h2 id='x'>通风</h2>"), url, {}) or ""
        found = re.search(r'<main data-pagefind-body data-pagefind-weight="([\d.]+)"', document)
        if found:  # headings weigh less by the same factor
            assert f'<h2 data-pagefind-weight="{6 * float(found.group(1)):g}"' in document
        return float(found.group(1)) if found else 1.0

    staff = [boost(u) for u in ("guide/schools/", "checklists/schools/", "diseases/influenza/", "sources/", "")]
    assert min(staff) >= boost("statistics/") > max(boost("editors/data/"), boost("changelog/"))
    assert boost("statistics/") > boost("about/")
    # A measure's title weighs more than its detail: it is a heading, which Pagefind weighs above text.
    assert search.measure_section(kb, kb.measure_by_id["SCH-001"]).startswith("<section><h2 ")


def test_what_is_marked_or_outside_the_article_is_left_out() -> None:
    page = built_page('<p>正文</p><div class="x" data-search-exclude><div><p>重复</p></div></div>'
                      '<h2 id="a">小节<a class="headerlink" href="#a">¶</a></h2><p>结尾</p>')
    document = search.index_document(page, "guide/", {})
    assert document is not None
    words = search.tokens(document)
    assert "正文" in words and "结尾" in words and "小节" in words
    assert not {"重复", "¶", "页脚", "首页"} & set(words)
    assert search.index_document("<html><body>没有文章</body></html>", "x/", {}) is None


def test_chinese_is_segmented_with_the_domain_dictionary(kb) -> None:
    # 网格员 from the fixture's glossary, 晨午检 from the extra list (data/search_words.txt).
    search.use_dictionary(search.dictionary_lines(kb, "晨午检 2000 n\n"))
    assert search.tokens(search.spaced_html("<p>社区网格员负责<b>晨午检</b></p>")) == ["社区", "网格员", "负责", "晨午检"]
    assert search.vocabulary(["网格员", "员", "abc", "晨午检"]) == ["晨午检", "网格员"]


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
