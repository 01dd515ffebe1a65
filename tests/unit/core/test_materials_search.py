"""Searching materials: words (jieba), pinyin initials, filters, ranking, additions."""

from __future__ import annotations

import textwrap

import pytest

from workbench.core.materials import MaterialBank, load_bank, parse_materials
from workbench.core.materials.search import MaterialIndex
from workbench.core.materials.segment import initials

BANK = textwrap.dedent("""\
    materials:
      - id: safety-words
        form: 排比
        text: 坚持安全生产常抓不懈，压紧压实企业主体责任
        topics: [安全生产]
      - id: safety-split
        form: 对比
        text: 安全工作做细了，生产才能做大
        topics: [安全生产]
      - id: feeling
        form: 比喻
        text: 群众的安全感是最好的口碑
        topics: [民生]
      - id: flood-duty
        form: 排比
        text: 压实防汛责任，确保安全度汛
        topics: [防汛]
      - id: rivers
        form: 四字格
        text: 河长巡河、堤防加固、预警到户、转移到人
        topics: [防汛, 通用]
      - id: bank-heteronym
        form: 过渡
        text: 银行要加大信贷投放，支持实体经济
        topics: [经济发展]
      - id: heads
        form: 标题组
        topics: [通用]
        headings:
          - 提高站位抓落实
          - 突出重点求突破
          - 强化保障促长效
    """)


@pytest.fixture(scope="module")
def bank() -> MaterialBank:
    return MaterialBank(parse_materials(BANK, "bank.yaml"))


def ids(hits) -> list[str]:
    return [h.material.id for h in hits]


def test_a_word_finds_the_longer_words_that_hold_it(bank):
    found = ids(bank.search("安全"))
    assert {"safety-words", "safety-split", "feeling", "flood-duty"} <= set(found)
    assert "rivers" not in found


def test_several_words_rank_the_materials_holding_all_of_them_first(bank):
    hits = bank.search("压实 责任 安全")
    assert [h.has_all_words for h in hits[:2]] == [True, True]
    assert set(ids(hits[:2])) == {"safety-words", "flood-duty"}
    assert all(not h.has_all_words for h in hits[2:])
    assert hits[0].words == 3


def test_a_phrase_found_verbatim_ranks_before_its_words_apart(bank):
    hits = bank.search("安全生产")
    assert ids(hits)[:2] == ["safety-words", "safety-split"]
    assert hits[1].has_all_words  # 安全…生产 apart still holds both words


def test_pinyin_initials_find_words_across_word_boundaries(bank):
    assert ids(bank.search("aqsc")) == ["safety-words"]
    assert "flood-duty" in ids(bank.search("fxzr"))
    assert "bank-heteronym" not in ids(bank.search("yx"))  # 银行 is yín háng, not yín xíng
    assert "bank-heteronym" in ids(bank.search("yh"))
    assert "heads" in ids(bank.search("tgzw"))


def test_initials_read_heteronyms_in_context():
    assert initials("安全生产") == "aqsc"
    assert (initials("银行"), initials("行动"), initials("重庆"), initials("长江")) == \
        ("yh", "xd", "cq", "cj")
    assert initials("2026年") == "n"


def test_filters_by_form_and_topic(bank):
    fresh = MaterialBank(parse_materials(BANK, "bank.yaml"))  # filters on the first search too
    assert ids(fresh.search("aqsc", form="排比")) == ["safety-words"]
    assert set(ids(bank.search("责任", form="排比"))) == {"safety-words", "flood-duty"}
    assert ids(bank.search("责任", form="parallel", topic="防汛")) == ["flood-duty"]
    assert ids(bank.search("", form="标题组")) == ["heads"]
    assert ids(bank.search("", topic="防汛")) == ["flood-duty", "rivers"]
    with pytest.raises(KeyError, match="未知句式"):
        bank.search("安全", form="排列")


def test_the_drafts_topic_ranks_first_among_equals(bank):
    # among equals, the denser text first (flood-duty); the draft's topic before that
    assert ids(bank.search("责任"))[0] == "flood-duty"
    safety = bank.search("责任", prefer=["安全生产"])
    assert ids(safety)[0] == "safety-words"
    assert safety[0].preferred and not safety[1].preferred
    # all the words first, then the topic: a preferred partial match ranks below
    mixed = bank.search("压实 企业", prefer=["防汛"])
    assert ids(mixed)[0] == "safety-words" and mixed[1].material.id == "flood-duty"


def test_browsing_needs_no_index(bank):
    fresh = MaterialBank(parse_materials(BANK, "bank.yaml"))
    hits = fresh.search("", prefer=["民生"], limit=3)
    assert ids(hits)[0] == "feeling" and hits[0].preferred and len(hits) == 3
    assert fresh._index is None


def test_stopwords_alone_still_search(bank):
    assert bank.search("的") == bank.search("的")
    assert ids(bank.search("群众的"))[0] == "feeling"


def test_a_dictionary_word_split_otherwise_in_a_material_is_found():
    material = parse_materials(textwrap.dedent("""\
        materials:
          - id: x
            form: 过渡
            text: 要排查生产安全隐患
            topics: [安全生产]
        """), "x.yaml")
    assert ids(MaterialIndex(material).search("安全隐患")) == ["x"]


def test_added_materials_are_found_first_and_replace_their_id():
    bank = MaterialBank(parse_materials(BANK, "bank.yaml"))
    assert ids(bank.search("责任"))[0] == "flood-duty"
    new = parse_materials(textwrap.dedent("""\
        materials:
          - id: mine
            form: 排比
            text: 把责任落到每一个岗位
            topics: [通用]
          - id: flood-duty
            form: 排比
            text: 防汛这件事换了说法
            topics: [防汛]
        """), "mine.yaml", "user")
    for material in new:
        bank.add(material)
    assert ids(bank.search("责任"))[0] == "mine"
    assert "flood-duty" not in ids(bank.search("压实"))
    assert ids(bank.search("说法")) == ["flood-duty"]


def test_the_limit_is_kept_and_results_are_unique():
    bank = load_bank(user=False)
    hits = bank.search("责任 落实", limit=15)
    assert len(hits) == 15 and len(set(ids(hits))) == 15
    assert bank.search("责任", limit=0) == []


def test_a_pool_holding_much_of_the_bank_keeps_topic_and_bank_order():
    from workbench.core.materials import get_form
    from workbench.core.materials.bank import Material
    from workbench.core.textfields import TextField

    def material(n: int) -> Material:
        text = f"压实责任第{n}项"
        topics = ("防汛",) if n % 7 == 0 else ("通用",)
        return Material(f"m{n}", get_form("排比"), text, topics, fields=(TextField(text),))

    index = MaterialIndex([material(n) for n in range(2500)])
    hits = index.search("责任", prefer=["防汛"], limit=30)
    assert [h.material.id for h in hits[:3]] == ["m0", "m7", "m14"]
    assert sum(h.preferred for h in hits) == 30
    hits = index.search("责任", limit=5)
    assert [h.material.id for h in hits] == ["m0", "m1", "m2", "m3", "m4"]
    index.add(material(9999), first=True)
    assert index.search("责任", limit=1)[0].material.id == "m9999"
