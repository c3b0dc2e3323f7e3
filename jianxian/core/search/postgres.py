"""PostgreSQL backend: a ``tsvector`` column over the same tokens, with a GIN index.

The vector is written token by token (``'先进':3,17 '进典':4 '先' 'lizhengfeng' '_s1x7'``),
never parsed by a text-search configuration: no parser, dictionary or locale can drop
or split a CJK token. Pairs carry their position in the pair stream (a gap between
runs skips one), so a three- or four-character query is the phrase ``'先进' <-> '进典'
<-> '典型'``; characters, words and the scope/public tokens (``_``-prefixed, which no
text token can be) carry none. Limits of ``tsvector``: positions above 16,383 and more
than 256 positions of one pair are not kept, so phrases deep inside very long texts can
be missed.

A query runs in two steps (bench/README.md has the figures):

1. the newest ``WINDOW`` rows of the content type, walked on the ``(content_type, rank)``
   index, each tested with ``@@``: a common term fills the page here in a few ms;
2. otherwise the GIN index alone finds the matching rows, sorted by rank. The planner
   would often walk the rank index instead, testing each row's (TOASTed) vector: 0.4 s
   for a rare word on 100,000 rows. Sequential and plain index scans are switched off
   for this one statement (``set_config(..., is_local)``, restored after), which leaves
   the bitmap scan of the GIN index: 20-30 ms even for a word in half the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction

from jianxian.core.search.tokens import Term

if TYPE_CHECKING:
    from jianxian.core.search.index import IndexEntry, Visibility

MAX_POSITION = 16383  # tsvector limits
MAX_POSITIONS_PER_LEXEME = 256
WINDOW = 1000  # rows of step 1


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_text(entry: IndexEntry) -> str:
    """The ``tsvector`` input text of an entry."""
    positions: dict[str, list[int]] = {}
    for index, pair in enumerate(entry.tokens.pairs, start=1):
        if pair is not None:
            slot = positions.setdefault(pair, [])
            if index <= MAX_POSITION and len(slot) < MAX_POSITIONS_PER_LEXEME:
                slot.append(index)
    parts = [
        _lexeme(pair) + (":" + ",".join(map(str, slots)) if slots else "")
        for pair, slots in positions.items()
    ]
    parts += [_lexeme(t) for t in (*entry.tokens.chars, *entry.tokens.words)]
    if entry.is_public:
        parts.append(_lexeme("_pub"))
    parts += [_lexeme("_" + t) for t in entry.scope_tokens]
    return " ".join(parts)


def write(entries: list[IndexEntry]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE core_searchdocument SET rank = %s, tsv = %s::tsvector WHERE id = %s",
            [(e.rank, vector_text(e), e.doc_id) for e in entries],
        )


def _term(term: Term) -> str:
    if len(term.tokens) > 1:
        return "(" + " <-> ".join(_lexeme(t) for t in term.tokens) + ")"
    return _lexeme(term.tokens[0]) + (":*" if term.prefix else "")


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


def _run_on_gin(sql: str, params: list) -> list[tuple]:
    """Run ``sql`` with only bitmap scans allowed (see the module docstring)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        )
        seqscan, indexscan = cursor.fetchone()
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', 'off', true)"
        )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT set_config('enable_seqscan', %s, true), "
            "set_config('enable_indexscan', %s, true)",
            [seqscan, indexscan],
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
_COUNT = "SELECT count(*) FROM core_searchdocument WHERE content_type_id + 0 = %s AND {where}"


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


def count(content_type_id: int, terms: list[Term], vis: Visibility) -> int:
    condition = visibility_condition(terms, vis)
    if condition is None:
        return 0
    where, params = condition
    rows = _run_on_gin(_COUNT.format(where=where), [content_type_id, *params])
    return int(rows[0][0])


def optimize() -> None:
    """Refresh the planner statistics (after a bulk load)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_searchdocument")
