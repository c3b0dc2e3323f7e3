"""PostgreSQL backend: a ``tsvector`` column over the same tokens, with a GIN index.

The vector is written token by token (``'先' '先进' '先进典' '先进典型' 'lizhengfeng'
'_s1x7'``), never parsed by a text-search configuration: no parser, dictionary or locale
can drop or split a CJK token. Besides the characters and pairs of ``tokens.py`` it holds
every piece of three and four neighbouring characters of a run, and no positions, so a
query of one to four characters is one token, which the GIN index answers exactly on its
own. A longer one must contain every four-character piece of the query (near-exact:
SQLite matches the whole phrase). Phrase queries were measured and dropped: the phrase
is checked on each candidate row's vector, fetched from TOAST storage (~4.5 µs a row),
so 干部群众, in 57,000 of 100,000 deeds, took 290 ms to count; as one token, ~20 ms.

A query runs in two steps (bench/README.md has the figures):

1. the newest ``WINDOW`` rows of the content type, walked on the ``(content_type, rank)``
   index, each tested with ``@@``: a common term fills the page here in a few ms;
2. otherwise the GIN index alone finds the matching rows, sorted by rank. The planner
   would often walk the rank index instead, testing each row's (TOASTed) vector: 0.4 s
   for a rare word on 100,000 rows. Sequential and plain index scans are switched off
   for this one statement (``set_config(..., is_local)``, restored after), which leaves
   the bitmap scan of the GIN index: ~30 ms even for a word in 90 % of the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction

from jianxian.core.search.tokens import Term

if TYPE_CHECKING:
    from jianxian.core.search.index import IndexEntry, Visibility

WINDOW = 1000  # rows of step 1
LONGEST_PIECE = 4  # characters


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _pieces(run: str, size: int) -> list[str]:
    return [run[i : i + size] for i in range(len(run) - size + 1)]


def vector_text(entry: IndexEntry) -> str:
    """The ``tsvector`` input text of an entry."""
    tokens = entry.tokens
    lexemes: dict[str, None] = dict.fromkeys(tokens.chars)
    lexemes.update(dict.fromkeys(pair for pair in tokens.pairs if pair is not None))
    for size in range(3, LONGEST_PIECE + 1):
        for run in tokens.runs:
            lexemes.update(dict.fromkeys(_pieces(run, size)))
    lexemes.update(dict.fromkeys(tokens.words))
    if entry.is_public:
        lexemes["_pub"] = None
    lexemes.update(dict.fromkeys("_" + t for t in entry.scope_tokens))
    return " ".join(_lexeme(t) for t in lexemes)


def write(entries: list[IndexEntry]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE core_searchdocument SET rank = %s, tsv = %s::tsvector WHERE id = %s",
            [(e.rank, vector_text(e), e.doc_id) for e in entries],
        )


def _term(term: Term) -> str:
    text = term.text
    if len(text) <= LONGEST_PIECE or len(term.tokens) == 1:  # CJK up to 4, or a word
        return _lexeme(text) + (":*" if term.prefix else "")
    return "(" + " & ".join(_lexeme(p) for p in _pieces(text, LONGEST_PIECE)) + ")"


def _alternatives(tokens: list[str]) -> str:
    return "(" + " | ".join(_lexeme("_" + t) for t in tokens) + ")"


def visibility_condition(terms: list[Term], vis: Visibility) -> tuple[str, list[str]] | None:
    """SQL condition and its parameters (``tsquery`` texts) for the terms as seen by
    the caller; ``None`` when the caller may see no row. The SQL is made of constant
    fragments only; everything from the query travels as a bound parameter."""
    text = " & ".join(_term(t) for t in terms)
    sql: list[str] = []
    params: list[str] = []
    if vis.published_scopes is None:
        sql.append("(published AND tsv @@ %s::tsquery)")
        params.append(text)
    elif vis.published_scopes or vis.include_public:
        allowed = list(vis.published_scopes) + (["pub"] if vis.include_public else [])
        sql.append("(published AND tsv @@ %s::tsquery)")
        params.append(f"{text} & {_alternatives(allowed)}")
    if vis.draft_scopes is None:
        sql.append("(NOT published AND tsv @@ %s::tsquery)")
        params.append(text)
    elif vis.draft_scopes:
        sql.append("(NOT published AND tsv @@ %s::tsquery)")
        params.append(f"{text} & {_alternatives(vis.draft_scopes)}")
    if not sql:
        return None
    return "(" + " OR ".join(sql) + ")", params


# Planner settings for step 2, each set for the one statement (``is_local``) and put
# back after it. JIT compiling would cost more than these short queries take.
_GIN_ONLY = {"enable_seqscan": "off", "enable_indexscan": "off", "jit": "off"}
_SET = ", ".join("set_config(%s, %s, true)" for _ in _GIN_ONLY)


def _run_on_gin(sql: str, params: list) -> list[tuple]:
    """Run ``sql`` with only bitmap scans allowed (see the module docstring)."""
    names = list(_GIN_ONLY)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
        previous = cursor.fetchone()
        cursor.execute("SELECT " + _SET, [v for item in _GIN_ONLY.items() for v in item])
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT " + _SET, [v for item in zip(names, previous, strict=True) for v in item]
        )
        return rows


# The ``{where}`` below is ``visibility_condition``'s SQL: constant fragments only.
_RECENT = (
    "SELECT object_id FROM (SELECT object_id, rank, published, tsv "
    "FROM core_searchdocument WHERE content_type_id = %s ORDER BY rank DESC LIMIT %s) "
    "AS recent WHERE {where} ORDER BY rank DESC LIMIT %s OFFSET %s"
)
# ``content_type_id + 0`` and ``rank + 0``: no B-tree index can serve these, which
# leaves the GIN index as the only way in.
_ALL = (
    "SELECT object_id FROM core_searchdocument "
    "WHERE content_type_id + 0 = %s AND {where} ORDER BY rank + 0 DESC LIMIT %s OFFSET %s"
)
_COUNT = (
    "SELECT count(*) FROM (SELECT 1 FROM core_searchdocument "
    "WHERE content_type_id + 0 = %s AND {where} LIMIT %s) AS hits"
)


def search(
    content_type_id: int, terms: list[Term], vis: Visibility, limit: int, offset: int
) -> list[int]:
    condition = visibility_condition(terms, vis)
    if condition is None:
        return []
    where, params = condition
    if offset + limit <= WINDOW // 4:
        with connection.cursor() as cursor:
            cursor.execute(
                _RECENT.format(where=where), [content_type_id, WINDOW, *params, limit, offset]
            )
            rows = cursor.fetchall()
        if len(rows) == limit:
            return [row[0] for row in rows]
    rows = _run_on_gin(_ALL.format(where=where), [content_type_id, *params, limit, offset])
    return [row[0] for row in rows]


def count(content_type_id: int, terms: list[Term], vis: Visibility, up_to: int | None) -> int:
    condition = visibility_condition(terms, vis)
    if condition is None:
        return 0
    where, params = condition
    # LIMIT NULL is no limit; with one, the heap scan stops at ``up_to`` rows.
    rows = _run_on_gin(_COUNT.format(where=where), [content_type_id, *params, up_to])
    return int(rows[0][0])


def optimize() -> None:
    """After a bulk load: reclaim dead rows, flush the GIN pending list and refresh the
    statistics (``VACUUM`` cannot run inside a transaction: there only ``ANALYZE``)."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE core_searchdocument")
        else:
            cursor.execute("VACUUM ANALYZE core_searchdocument")
