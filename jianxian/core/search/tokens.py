"""Tokens for the full-text index: what a document is indexed as, what a query asks for.

Both databases index the same tokens of the *folded* text (``core.text.fold``: NFKC,
Traditional → Simplified, case-folded), so 幹部 and 干部 are one word to the index:

- every CJK character on its own (a one-character query is one token),
- every pair of neighbouring CJK characters within a run (a two-character query is one
  token; a longer one is the phrase of its overlapping pairs: 先进典型 → 先进 进典 典型,
  which only matches where the pairs stand next to each other, i.e. the exact text),
- every other run of letters and digits as a word (Latin, pinyin, numbers), which a query
  matches by prefix from its second character on (``lizh`` finds ``lizhengfeng``).

Runs of CJK text are separated by a gap in the pair stream, so the pairs of 干部。部门 do
not read as 干部门. Meta tokens (content type, scope, public, draft) are made here too
so that both backends agree on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from jianxian.core.text import fold, name_syllables

# Han (with 〇, 々 and the compatibility block), kana and Hangul: scripts written without
# spaces, indexed by characters and pairs. NFKC has already folded half-width forms.
_CJK_CLASS = (
    "\u3005-\u3007\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U000323af"
)
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK_CLASS}]+)|(?P<word>(?:(?![{_CJK_CLASS}])[^\W_])+)")
_CJK_RE = re.compile(f"[{_CJK_CLASS}]")

# Longer documents are indexed by their first 16,000 characters on both databases: a
# PostgreSQL ``tsvector`` holds at most 1 MB, about 46 bytes a character here.
MAX_TEXT_CHARS = 16_000
MAX_QUERY_CHARS = 100  # a query is read up to here
MAX_WORD_CHARS = 40  # longer words are cut (in documents and queries alike)
MIN_PREFIX_CHARS = 2  # a one-letter word matches whole words only, not every word it starts

_SCOPE_PATH_RE = re.compile(r"(?:\d+/)*")


@dataclass
class DocumentTokens:
    """The tokens of one document.

    ``pairs`` is the stream of neighbouring-character pairs in text order, ``None``
    marking the gap between two runs; position in the stream is what phrase queries test.
    ``runs`` are the runs of three or more CJK characters, from which PostgreSQL also
    indexes every piece of three and four characters (postgres.py).
    """

    pairs: list[str | None] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)  # distinct, first seen first
    words: list[str] = field(default_factory=list)  # distinct, first seen first
    runs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Term:
    """One part of a query; a document must match every term.

    ``tokens`` is a single token or a phrase of pairs (consecutive in the pair stream).
    ``prefix`` marks a word that also matches the longer words it starts.
    """

    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def text(self) -> str:
        """The query text of the term (a phrase of pairs joined back into its run)."""
        return self.tokens[0] + "".join(token[-1] for token in self.tokens[1:])


def document_tokens(text: str) -> DocumentTokens:
    """Split ``text`` (any script, any case) into the tokens it is indexed under."""
    folded = fold(text[:MAX_TEXT_CHARS])[:MAX_TEXT_CHARS] if text else ""  # NFKC may grow it
    result = DocumentTokens()
    chars: dict[str, None] = {}
    words: dict[str, None] = {}
    for match in _TOKEN_RE.finditer(folded):
        run = match.group("cjk")
        if run is None:
            words.setdefault(match.group("word")[:MAX_WORD_CHARS])
            continue
        for ch in run:
            chars.setdefault(ch)
        if len(run) > 1:
            if result.pairs:
                result.pairs.append(None)
            result.pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
            if len(run) > 2:
                result.runs.append(run)
    result.chars = list(chars)
    result.words = list(words)
    return result


def query_terms(query: str) -> list[Term]:
    """The terms of a search box query; empty when it holds nothing searchable.

    Whatever the user typed (quotes, ``*``, ``NEAR(``, ``OR``, brackets) becomes plain
    tokens here: query syntax of either database never reaches it.
    """
    folded = fold(query[:MAX_QUERY_CHARS]) if query else ""
    terms: dict[Term, None] = {}
    for match in _TOKEN_RE.finditer(folded):
        run = match.group("cjk")
        if run is None:
            word = match.group("word")[:MAX_WORD_CHARS]
            terms.setdefault(Term((word,), prefix=len(word) >= MIN_PREFIX_CHARS))
        elif len(run) == 1:
            terms.setdefault(Term((run,)))
        else:
            terms.setdefault(Term(tuple(run[i : i + 2] for i in range(len(run) - 1))))
    return list(terms)


def name_terms(name: str) -> str:
    """Pinyin words for a personal name, to index beside it: full pinyin run together,
    the syllables, and the initials (李正峰 → ``lizhengfeng li zheng feng lzf``), so the
    name is found by ``lizh``, ``zheng feng`` or ``lzf``. Empty for a non-Chinese name."""
    if not _CJK_RE.search(fold(name)):
        return ""
    syllables = [s for s in (s.casefold() for s in name_syllables(name)) if s.isalnum()]
    if not syllables:
        return ""
    initials = "".join(s[0] for s in syllables)
    return " ".join(["".join(syllables), *syllables, initials])


# --- Meta tokens: which rows a caller may see ------------------------------------------


def check_scope_path(path: str) -> str:
    """A scope path is a unit's materialized path (``"1/7/42/"``) or empty (no unit)."""
    if not isinstance(path, str) or not _SCOPE_PATH_RE.fullmatch(path):
        raise ValueError(f"Invalid scope path {path!r}: expected unit ids each ending in '/'")
    return path


def scope_token(path: str) -> str:
    """The token of one scope path prefix: ``"1/7/"`` → ``s1x7``."""
    return "s" + "x".join(check_scope_path(path).rstrip("/").split("/"))


def scope_tokens(scope_path: str) -> list[str]:
    """A row's scope tokens: one per prefix of its path, so that a caller's scope path
    is a prefix of the row's exactly when the row carries the caller's token."""
    parts = check_scope_path(scope_path).rstrip("/").split("/") if scope_path else []
    return ["s" + "x".join(parts[: i + 1]) for i in range(len(parts))]


def caller_scope_tokens(scope_paths: Iterable[str] | None) -> list[str] | None:
    """Tokens for a caller's scopes; ``None`` when one of them is the empty prefix (every
    row). Duplicates and scopes inside another given scope are dropped."""
    if scope_paths is None:
        return None
    if isinstance(scope_paths, str):
        raise TypeError("scope_paths must be a list of paths, not one string")
    paths = sorted({check_scope_path(p) for p in scope_paths})
    if "" in paths:
        return None
    kept: list[str] = []
    for path in paths:  # sorted, so an enclosing path comes before the paths inside it
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return [scope_token(p) for p in kept]
