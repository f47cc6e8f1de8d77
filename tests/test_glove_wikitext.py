"""Wiki markup removal for the chapter's training slice, on hand-written wikitext and a tiny dump."""
from __future__ import annotations

import bz2

from lecture10.glove import corpus
from lecture10.glove.wikitext import read_wiki_dump, strip_wiki_markup, wiki_paragraphs

ARTICLE = """{{Infobox river|name=Test|length={{convert|10|km}}}}
'''Ice''' is [[water]] frozen into a [[Solid (physics)|solid]].<ref name="a">A source.</ref>
It melts at 0 °C.<!-- a comment --> See [http://example.org the site] or http://example.org/x.

[[File:Ice.jpg|thumb|An [[ice cube]].]]
== Uses ==
* Cooling drinks
{| class="wikitable"
| a || b
|}
[[Category:Water]]
== References ==
* A book, 1999.
"""


def test_markup_is_removed_and_link_labels_kept() -> None:
    paragraphs = wiki_paragraphs(ARTICLE)
    assert paragraphs == ["Ice is water frozen into a solid. It melts at 0 °C. See the site or",
                          "Cooling drinks"]
    assert strip_wiki_markup(ARTICLE) == "\n\n".join(paragraphs)


def tiny_dump(tmp_path):
    page = "<page><title>{t}</title><ns>{ns}</ns>{r}<revision><text>{x}</text></revision></page>"
    xml = "<mediawiki>" + "".join([
        page.format(t="Ice", ns=0, r="", x="'''Ice''' is cold."),
        page.format(t="Frozen water", ns=0, r='<redirect title="Ice"/>', x="#REDIRECT [[Ice]]"),
        page.format(t="Talk:Ice", ns=1, r="", x="Talk."),
        page.format(t="Steam", ns=0, r="", x="[[Water]] as a gas.\n\nIt is hot."),
    ]) + "</mediawiki>"
    path = tmp_path / "dump.xml.bz2"
    path.write_bytes(bz2.compress(xml.encode()))
    return path


def test_dump_reader_yields_articles_and_skips_redirects_and_other_namespaces(tmp_path) -> None:
    assert list(read_wiki_dump(tiny_dump(tmp_path))) == [("Ice", "'''Ice''' is cold."),
                                                         ("Steam", "[[Water]] as a gas.\n\nIt is hot.")]


def test_the_excerpt_is_one_token_list_per_paragraph_and_its_titles_the_articles(tmp_path, monkeypatch) -> None:
    import lecture10.data

    path = tiny_dump(tmp_path)
    monkeypatch.setattr(lecture10.data, "fetch", lambda name, **kwargs: path)
    assert corpus.wiki_titles() == ["Ice", "Steam"]
    assert corpus.wiki_excerpt() == [["ice", "is", "cold"], ["water", "as", "a", "gas"], ["it", "is", "hot"]]
