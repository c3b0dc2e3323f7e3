"""SQLite backend: an FTS5 table over pre-tokenized text.

``core_search_fts`` has three columns: ``object_id`` (stored, not indexed; first, so
reading it skips the tokens), ``tokens`` (pairs with ``GAP`` between runs, then
characters, then words, all space-separated) and ``meta`` (content type, published or
draft, public, scope prefixes). Its rowid is ``SearchDocument.rank``, so "newest first" is
``ORDER BY rowid DESC``, which FTS5 walks in its own index and stops at ``LIMIT``: a
one-character query matching half of 100,000 documents returns its first page in well
under a millisecond (bench/README.md).

The ``unicode61`` tokenizer splits on spaces and punctuation only; the tokens contain
letters and digits only, so each survives as one token. ``remove_diacritics 0`` keeps
them byte for byte what ``tokens.py`` made (as PostgreSQL sees them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from jianxian.core.search.tokens import Term

if TYPE_CHECKING:
    from jianxian.core.search.index import IndexEntry, Visibility

# A private-use character: never produced from text or queries (tokens.py keeps letters,
# digits and CJK only), but a token to unicode61, so it takes a position in the stream.
GAP = "\ue000"

# Migration 0003 creates the table and this trigger (a migration that rebuilds
# core_searchdocument on SQLite must run it again).
CREATE_TRIGGER = (
    "CREATE TRIGGER core_search_fts_delete AFTER DELETE ON core_searchdocument "
    "BEGIN DELETE FROM core_search_fts WHERE rowid = old.rank; END"
)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _meta_tokens(entry: IndexEntry) -> list[str]:
    meta = [f"t{entry.content_type_id}", "p" if entry.published else "d"]
    if entry.is_public:
        meta.append("pub")
    return meta + entry.scope_tokens


def _token_text(entry: IndexEntry) -> str:
    tokens = entry.tokens
    stream = [GAP if pair is None else pair for pair in tokens.pairs]
    return " ".join([*stream, GAP, *tokens.chars, *tokens.words])


def write(entries: list[IndexEntry]) -> None:
    """Set each row's rank and replace its index entry (old rowid out, new one in)."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE core_searchdocument SET rank = %s WHERE id = %s",
            [(e.rank, e.doc_id) for e in entries],
        )
        old = [(e.old_rank,) for e in entries if e.old_rank is not None]
        if old:
            cursor.executemany("DELETE FROM core_search_fts WHERE rowid = %s", old)
        cursor.executemany(
            "INSERT INTO core_search_fts (rowid, object_id, tokens, meta) VALUES (%s, %s, %s, %s)",
            [(e.rank, e.object_id, _token_text(e), " ".join(_meta_tokens(e))) for e in entries],
        )


def _term(term: Term) -> str:
    if len(term.tokens) > 1:  # a phrase: the pairs at consecutive positions
        return _quote(" ".join(term.tokens))
    return _quote(term.tokens[0]) + ("*" if term.prefix else "")


def _alternatives(tokens: list[str]) -> str:
    return "(" + " OR ".join(_quote(t) for t in tokens) + ")"


def match_expression(content_type_id: int, terms: list[Term], vis: Visibility) -> str | None:
    """The FTS5 query: every term in ``tokens``, the visibility rule in ``meta``.
    ``None`` when the caller may see no row at all."""
    parts = []
    if vis.published_scopes is None:
        parts.append(_quote("p"))
    elif vis.published_scopes or vis.include_public:
        allowed = list(vis.published_scopes) + (["pub"] if vis.include_public else [])
        parts.append(f"({_quote('p')} AND {_alternatives(allowed)})")
    if vis.draft_scopes is None:
        parts.append(_quote("d"))
    elif vis.draft_scopes:
        parts.append(f"({_quote('d')} AND {_alternatives(vis.draft_scopes)})")
    if not parts:
        return None
    text = " AND ".join(_term(t) for t in terms)
    meta = f"{_quote(f't{content_type_id}')} AND ({' OR '.join(parts)})"
    return f"{{tokens}} : ({text}) AND {{meta}} : ({meta})"


def search(
    content_type_id: int, terms: list[Term], vis: Visibility, limit: int, offset: int
) -> list[int]:
    expression = match_expression(content_type_id, terms, vis)
    if expression is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM core_search_fts WHERE core_search_fts MATCH %s "
            "ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [expression, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def count(content_type_id: int, terms: list[Term], vis: Visibility, up_to: int | None) -> int:
    expression = match_expression(content_type_id, terms, vis)
    if expression is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM core_search_fts "
            "WHERE core_search_fts MATCH %s LIMIT %s)",
            [expression, -1 if up_to is None else up_to],  # -1: no limit
        )
        return int(cursor.fetchone()[0])


def optimize() -> None:
    """Merge the index segments into one (after a bulk load)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO core_search_fts (core_search_fts) VALUES ('optimize')")
