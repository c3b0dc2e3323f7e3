"""The full-text index (core.search) on whichever database the suite runs on.

The index is generic: these tests index ``Unit`` and ``Person`` ids with made-up texts
(the rows need not exist for the index, but ids are real where objects are used).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from jianxian.core import search
from jianxian.core.models import Person, SearchDocument, Unit
from jianxian.core.search import Document, index_document, index_documents, remove_document
from jianxian.core.search.tokens import document_tokens, query_terms
from jianxian.core.tests.factories import make_unit

pytestmark = pytest.mark.django_db

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

TEXTS = {
    1: "李正峰同志带领干部推进系统性改革，担当精神突出。",
    2: "幹部作風建設：黨政機關的幹部層面深入學習先進典型。",
    3: "赵晓颖 Zhao Xiaoying 发起“媒体人公益行”活动，COVID-19 期间坚持报道。",
    4: "社区书记总结党建引领、多元共治、精准服务的工作方法。",
    5: "干部。部门协同推进最多跑一次改革",
    6: "先进人物的事迹：进典礼现场。",
}


def index_texts(texts: dict[int, str], model: type = Unit, **kwargs) -> None:
    index_documents(
        Document(model, oid, text, sort_key=T0 + timedelta(minutes=oid), **kwargs)
        for oid, text in texts.items()
    )


def found(query: str, model: type = Unit, **kwargs) -> set[int]:
    return set(search.search(model, query, **kwargs))


@pytest.fixture
def texts() -> dict[int, str]:
    index_texts(TEXTS)
    return TEXTS


# --- tokens ------------------------------------------------------------------------------


def test_document_tokens_pairs_runs_and_words():
    tokens = document_tokens("幹部。部門 LiZhengFeng ｄｏｃ2024")
    assert tokens.pairs == ["干部", None, "部门"]  # folded; a gap between the two runs
    assert tokens.chars == ["干", "部", "门"]
    assert tokens.words == ["lizhengfeng", "doc2024"]
    assert document_tokens("学先进典型。先进").runs == ["学先进典型"]


def test_query_terms_lengths_and_prefix():
    assert [t.tokens for t in query_terms("干")] == [("干",)]
    assert [t.tokens for t in query_terms("干部")] == [("干部",)]
    assert [t.tokens for t in query_terms("先进典型")] == [("先进", "进典", "典型")]
    terms = query_terms("lizh l 干")
    assert [(t.tokens, t.prefix) for t in terms] == [
        (("lizh",), True),
        (("l",), False),
        (("干",), False),
    ]


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "-", "OR", ")", "(", "'", "\\", ":*", "&|!<->", "{meta}:"]
)
def test_query_syntax_becomes_plain_tokens(query):
    for term in query_terms(query):
        assert all(token.isalnum() for token in term.tokens)


# --- matching ------------------------------------------------------------------------------


def test_one_character_query(texts):
    assert found("峰") == {1}
    assert found("党") == {2, 4}  # 黨 in the Traditional text folds to 党


def test_two_character_query(texts):
    assert found("干部") == {1, 2, 5}
    assert found("改革") == {1, 5}
    assert found("层面") == {2}


def test_three_and_four_character_queries(texts):
    assert found("李正峰") == {1}
    assert found("先进典型") == {2}
    assert found("最多跑一次") == {5}
    assert found("精准服务") == {4}


def test_longer_query_needs_the_characters_in_order_and_together(texts):
    # 干部。部门: the pairs 干部 and 部门 stand next to each other, but across a stop.
    assert found("干部门") == set()
    # 先进 and 进典 both occur in text 6, but never as 先进典.
    assert found("先进典") == {2}
    assert found("部干") == set()


def test_five_or_more_characters():
    index_texts({1: "推进最多跑一次改革", 2: "先进典型。进典型人物"})
    assert found("最多跑一次") == found("最多跑一次改革") == {1}
    # 先进典型人: both four-character pieces occur in text 2, but not as one run.
    # SQLite matches the whole phrase; PostgreSQL the pieces (postgres.py).
    assert found("先进典型人") == (set() if connection.vendor == "sqlite" else {2})


def test_traditional_finds_simplified_and_back(texts):
    assert found("幹部") == {1, 2, 5}
    assert found("干部") == found("幹部")
    assert found("黨政機關") == found("党政机关") == {2}
    assert found("學習先進") == {2}


def test_mixed_scripts_and_parts_must_all_match(texts):
    assert found("幹部 改革") == {1, 5}
    assert found("干部 zhao") == set()
    assert found("报道 COVID") == {3}
    assert found("黨建引领") == {4}


def test_latin_words_by_prefix_and_case(texts):
    assert found("Xiaoying") == {3}
    assert found("xiao") == {3}
    assert found("ZHAO XIAO") == {3}
    assert found("covid 19") == {3}
    assert found("ｚｈａｏ") == {3}  # full-width folds to ASCII
    assert found("x") == set()  # one letter: whole words only
    assert found("aoying") == set()  # prefixes, not infixes


def test_pinyin_name_terms():
    assert search.name_terms("李正峰") == "lizhengfeng li zheng feng lzf"
    assert search.name_terms("Zhao Xiaoying") == ""
    index_texts({7: "李正峰 " + search.name_terms("李正峰")})
    assert found("lizh") == found("lzf") == found("zheng feng") == found("李正峰") == {7}


CADRES = {1, 2, 5}  # the texts with 干部


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"', set()),
        ("*", set()),
        ("NEAR(", set()),
        (")", set()),
        ("-", set()),
        ("OR", set()),
        ('"干部"', CADRES),
        ('"干部', CADRES),
        ("干部*", CADRES),
        ("(干部", CADRES),
        ("^干部", CADRES),
        ("!干部", CADRES),
        ("\\干部", CADRES),
        ("\x00干部", CADRES),
        ("'干部':*", CADRES),
        ("干部 -改革", {1, 5}),
        ("干部 | 改革", {1, 5}),
        ("干部 <-> 改革", {1, 5}),
        ("NEAR(干部 改革)", set()),  # "near" is a word like any other, and no text has it
        ('"干部" OR 1=1', set()),
        ("zhao OR", set()),
        ('zhao"', {3}),
        ("'; DROP TABLE core_searchdocument; --", set()),
        ("{meta} : p", set()),
        ("pub", set()),  # the tokens of the visibility rule are not text
        ("t1", set()),
    ],
)
def test_hostile_query_syntax_is_searched_as_text(texts, query, expected):
    assert found(query) == expected
    assert search.count(Unit, query) == len(expected)
    assert SearchDocument.objects.count() == len(TEXTS)


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "，。！？", "——", "   ~~~   "])
def test_nothing_to_search_for_finds_nothing(texts, query):
    assert search.search(Unit, query) == []
    assert search.count(Unit, query) == 0


def test_matches_any_substring_of_the_folded_text():
    """Every 1-4 character query finds exactly the texts that contain it."""
    rng = random.Random(7)
    alphabet = "干部先进典型学习"
    docs = {}
    for oid in range(1, 41):
        words = ["".join(rng.choices(alphabet, k=rng.randint(1, 7))) for _ in range(3)]
        docs[oid] = rng.choice(["，", "。", " "]).join(words)
    index_texts(docs)
    for _ in range(150):
        query = "".join(rng.choices(alphabet, k=rng.randint(1, 4)))
        expected = {oid for oid, text in docs.items() if query in text}
        assert found(query, limit=100) == expected, query


# --- visibility --------------------------------------------------------------------------


def test_scope_paths_are_prefixes_of_whole_units():
    index_documents(
        [
            Document(Unit, 1, "先进事迹", scope_path="1/2/"),
            Document(Unit, 2, "先进事迹", scope_path="1/2/5/"),
            Document(Unit, 3, "先进事迹", scope_path="1/20/"),
            Document(Unit, 4, "先进事迹", scope_path="1/3/", is_public=True),
            Document(Unit, 5, "先进事迹", scope_path=""),
        ]
    )
    assert found("先进") == {1, 2, 3, 4, 5}  # no scope given: every published row
    assert found("先进", scope_paths=["1/2/"]) == {1, 2, 4}
    assert found("先进", scope_paths=["1/2/"], include_public=False) == {1, 2}
    assert found("先进", scope_paths=["1/2/5/", "1/20/"], include_public=False) == {2, 3}
    assert found("先进", scope_paths=["1/"], include_public=False) == {1, 2, 3, 4}
    assert found("先进", scope_paths=[]) == {4}
    assert found("先进", scope_paths=[], include_public=False) == set()
    assert found("先进", scope_paths=[""], include_public=False) == {1, 2, 3, 4, 5}
    assert search.count(Unit, "先进", scope_paths=["1/2/"]) == 3


def test_drafts_only_inside_draft_scopes():
    index_documents(
        [
            Document(Unit, 1, "典型材料", scope_path="1/2/", published=False, is_public=True),
            Document(Unit, 2, "典型材料", scope_path="1/3/", published=False),
            Document(Unit, 3, "典型材料", scope_path="1/3/"),
        ]
    )
    assert found("典型") == {3}
    assert found("典型", draft_scope_paths=["1/2/"]) == {1, 3}
    assert found("典型", scope_paths=[], include_public=False, draft_scope_paths=[""]) == {1, 2}
    assert found("典型", scope_paths=["1/2/"], draft_scope_paths=["1/3/"]) == {2}


def test_real_unit_paths_and_objects():
    city = make_unit("青州市", "city")
    district = make_unit("东城区", "district", city)
    other = make_unit("西城区", "district", city)
    index_document(district, text="东城区 学习先进", scope_path=district.path)
    index_document(other, text="西城区 学习先进", scope_path=other.path)
    assert found("学习", scope_paths=[district.path], include_public=False) == {district.pk}
    assert found("学习", scope_paths=[city.path], include_public=False) == {district.pk, other.pk}


def test_models_are_kept_apart():
    index_texts({1: "劳模工作室"}, model=Unit)
    index_texts({1: "劳模事迹", 2: "劳模精神"}, model=Person)
    assert found("劳模", model=Unit) == {1}
    assert found("劳模", model=Person) == {1, 2}
    assert found("工作室", model=Person) == set()


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="scope path"):
        index_documents([Document(Unit, 1, "x", scope_path="/etc/")])
    with pytest.raises(ValueError, match="scope path"):
        search.search(Unit, "x", scope_paths=["1/2"])
    with pytest.raises(TypeError):
        search.search(Unit, "x", scope_paths="1/")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit"):
        search.search(Unit, "x", limit=-1)
    with pytest.raises(TypeError, match="integer id"):
        index_documents([Document(Unit, "abc", "x")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sort_key"):
        index_documents([Document(Unit, 1, "x", sort_key="2024-01-01")])  # type: ignore[arg-type]
    assert SearchDocument.objects.count() == 0


# --- order, pages, updates -----------------------------------------------------------------


def test_newest_first_and_pages():
    index_documents(
        Document(Unit, oid, f"第{oid}条 学习记录", sort_key=T0 - timedelta(days=oid))
        for oid in range(1, 26)
    )
    assert search.search(Unit, "学习", limit=10) == list(range(1, 11))
    assert search.search(Unit, "学习", limit=10, offset=20) == list(range(21, 26))
    assert search.count(Unit, "学习") == 25
    assert search.count(Unit, "学习", up_to=10) == 10
    assert search.count(Unit, "学习", up_to=100) == 25
    assert search.count(Unit, "学习", up_to=0) == 0
    assert search.search(Unit, "学习", limit=0) == []


def test_same_sort_key_ties_break_by_index_order():
    index_documents(Document(Unit, oid, "同一天", sort_key=T0) for oid in (5, 3, 9))
    assert search.search(Unit, "同一天") == [9, 3, 5]


def test_old_and_far_future_sort_keys():
    index_documents(
        [
            Document(Unit, 1, "雷锋精神", sort_key=datetime(1963, 3, 5, tzinfo=UTC)),
            Document(Unit, 2, "雷锋精神", sort_key=datetime(1850, 1, 1, tzinfo=UTC)),
            Document(Unit, 3, "雷锋精神", sort_key=datetime(2300, 1, 1, tzinfo=UTC)),
            Document(Unit, 4, "雷锋精神", sort_key=datetime(2024, 1, 1)),  # naive: local time
        ]
    )
    assert search.search(Unit, "雷锋") == [3, 4, 1, 2]


def test_upsert_replaces_text_and_visibility(texts):
    unit = Unit(pk=1)
    index_document(unit, text="全新的内容：工匠精神", scope_path="1/9/", is_public=False)
    assert SearchDocument.objects.filter(object_id=1).count() == 1
    assert found("峰") == set()  # the old text is gone
    assert found("工匠") == {1}
    assert found("工匠", scope_paths=["1/8/"]) == set()
    assert found("工匠", scope_paths=["1/9/"]) == {1}
    row = SearchDocument.objects.get(object_id=1)
    assert row.sort_key == T0 + timedelta(minutes=1)  # no new sort key: it keeps its place


def test_reindex_moves_to_its_new_sort_key(texts):
    assert search.search(Unit, "干部") == [5, 2, 1]
    index_document(Unit(pk=1), text=TEXTS[1], sort_key=T0 + timedelta(days=1))
    assert search.search(Unit, "干部") == [1, 5, 2]


def test_remove_document(texts):
    remove_document(Unit(pk=2))
    assert found("干部") == {1, 5}
    assert found("党") == {4}
    remove_document(Unit(pk=2))  # already gone: nothing happens
    assert search.remove_documents(Unit, [1, 5, 99]) == 2
    assert found("干部") == set()


def test_deleting_rows_directly_clears_the_index(texts):
    SearchDocument.objects.filter(object_id__in=[1, 5]).delete()
    assert found("干部") == {2}
    index_texts({1: "干部"})  # the same ids again, even in the same minute
    assert found("干部") == {1, 2}
    with connection.cursor() as cursor:  # as a flush does it (a trigger still fires)
        cursor.execute("DELETE FROM core_searchdocument")
    assert found("干部") == set()
    index_texts(TEXTS)
    assert found("干部") == {1, 2, 5}


def test_index_follows_the_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        index_texts({1: "回滚的文字"})
        assert found("回滚") == {1}
        raise RuntimeError
    assert found("回滚") == set()
    assert SearchDocument.objects.count() == 0


def test_duplicates_in_one_batch_keep_the_last():
    index_documents([Document(Unit, 1, "第一稿"), Document(Unit, 1, "第二稿")])
    assert found("第二") == {1}
    assert found("第一") == set()


def test_long_text_with_repeats():
    text = "学习先进，" * 400 + "最后一句话是榜样的力量"
    index_texts({1: text})
    assert found("学习先进") == {1}
    assert found("榜样的力") == {1}
    assert found("先进学习") == set()


def test_very_long_and_varied_text_is_cut_not_refused():
    rng = random.Random(3)
    text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(30_000)) + "末尾的字"
    index_texts({1: text, 2: "末尾的字"})
    assert found(text[:4]) == {1}
    assert found(text[15_990:15_994]) == {1}
    assert found("末尾的字") == {2}  # past the first 16,000 characters: not indexed


def test_filter_by_search():
    units = [make_unit(name, "team") for name in ("一组", "二组", "三组")]
    index_document(units[0], text="劳模工作室")
    index_document(units[2], text="劳模创新工作室", published=False)
    queryset = search.filter_by_search(Unit.objects.all(), "劳模")
    assert set(queryset.values_list("pk", flat=True)) == {units[0].pk, units[2].pk}
    assert not search.filter_by_search(Unit.objects.all(), "  ").exists()


# --- database specifics ----------------------------------------------------------------------


def test_token_storage_of_the_database_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'core_search%'")
            names = set(cursor.fetchall())
            assert ("table", "core_search_fts") in names
            # Dropped by any migration that rebuilds core_searchdocument on SQLite:
            # such a migration must create it again (core.search.sqlite.CREATE_TRIGGER).
            assert ("trigger", "core_search_fts_delete") in names
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'core_searchdocument_tsv'"
            )
            assert "gin (tsv)" in cursor.fetchone()[0]


def test_common_and_rare_terms_page_alike(monkeypatch):
    """On PostgreSQL a common term is answered from the newest rows, a rare one from the
    GIN index (postgres.py); both must give the same pages as SQLite's one way."""
    from jianxian.core.search import postgres

    index_documents(
        Document(Unit, oid, "常见" + ("罕见" if oid % 7 == 0 else ""), sort_key=T0 + timedelta(oid))
        for oid in range(1, 61)
    )
    common = list(range(60, 50, -1))
    rare = [56, 49, 42, 35, 28, 21, 14, 7]
    for window in (postgres.WINDOW, 8):  # 8: too small a window, the GIN index always
        monkeypatch.setattr(postgres, "WINDOW", window)
        assert search.search(Unit, "常见", limit=10) == common
        assert search.search(Unit, "罕见", limit=10) == rare
        assert search.search(Unit, "罕见", limit=5, offset=1) == rare[1:6]
        assert search.count(Unit, "罕见") == 8
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            search.search(Unit, "罕见")
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"  # the planner switches are put back
