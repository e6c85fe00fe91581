"""Glossary tooltips: which text gets marked, and what is left alone."""

from kb.core.model import Term
from kb.publish.glossary import TermMarker

TERMS = [
    Term("grid-worker", "网格员", "负责一个网格的人员。"),
    Term("grid", "网格", "管理单元 <小>。"),
    Term("check", "晨午检", "每日两次的健康检查。", aliases=("晨检",)),
]


def test_first_occurrence_of_each_term_is_marked_once() -> None:
    html = "<p>网格员进入网格，网格员再次出现，晨检也算。</p>"
    out = TermMarker(TERMS).annotate(html)
    assert out.count('data-term="grid-worker"') == 1
    assert out.count('data-term="grid"') == 1
    assert out.count('data-term="check"') == 1
    assert out.startswith('<p><dfn class="kb-term" tabindex="0" data-def="负责一个网格的人员。" data-term="grid-worker">网格员</dfn>')


def test_longest_term_wins() -> None:
    out = TermMarker(TERMS).annotate("<p>网格员</p>")
    assert 'data-term="grid"' not in out


def test_headings_links_code_and_attributes_are_left_alone() -> None:
    html = ('<h2 id="x">网格员</h2><p><a href="#网格员">网格员</a> <code>网格</code></p>'
            '<p title="晨午检">晨午检</p>')
    out = TermMarker(TERMS).annotate(html)
    assert out.startswith('<h2 id="x">网格员</h2><p><a href="#网格员">网格员</a> <code>网格</code></p>')
    assert '<p title="晨午检"><dfn' in out


def test_definitions_are_escaped() -> None:
    out = TermMarker(TERMS).annotate("<p>网格</p>")
    assert 'data-def="管理单元 &lt;小&gt;。"' in out


def test_no_terms_leaves_page_unchanged() -> None:
    assert TermMarker([]).annotate("<p>网格员</p>") == "<p>网格员</p>"


def test_text_after_the_last_new_term_is_copied_unchanged() -> None:
    marker = TermMarker(TERMS)
    out = marker.annotate("<p>网格员、网格、晨午检</p><p>网格员又一次</p>")
    assert out.endswith("<p>网格员又一次</p>")
    assert out.count("<dfn") == 3
