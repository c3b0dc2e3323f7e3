"""Full-text search over folded Chinese (and Latin) text, on SQLite and PostgreSQL.

Any model's rows can be indexed: an app calls ``index_document`` from the action that
writes the row (same transaction) and ``remove_document`` when it goes, and finds ids with
``search``. One- and two-character Chinese queries are single index tokens; longer ones
are phrases of character pairs; Simplified and Traditional fold together (幹部 finds
干部). See ``tokens.py`` for what is indexed, ``sqlite.py`` and ``postgres.py`` for how.
"""

from jianxian.core.search.index import (
    MAX_LIMIT,
    Document,
    count,
    filter_by_search,
    index_document,
    index_documents,
    optimize,
    remove_document,
    remove_documents,
    search,
)
from jianxian.core.search.tokens import name_terms

__all__ = [
    "MAX_LIMIT",
    "Document",
    "count",
    "filter_by_search",
    "index_document",
    "index_documents",
    "name_terms",
    "optimize",
    "remove_document",
    "remove_documents",
    "search",
]
