"""Shared pieces of the exemplar actions: checks, cleaning, story HTML, search indexing."""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from typing import Any

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.text import name_syllables, to_simplified
from jianxian.exemplars.models import Deed, Exemplar, status_label


def require(condition: bool, message: str | None = None) -> None:
    if not condition:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def clean_line(value: str | None, field: str, max_length: int, *, required: bool = True) -> str:
    """One line of text: whitespace runs become one space; required and length checked."""
    value = " ".join((value or "").split())
    if required and not value:
        raise ActionError(_("%(field)s is required.") % {"field": field})
    if len(value) > max_length:
        raise ActionError(
            _("%(field)s is too long (at most %(n)d characters).")
            % {"field": field, "n": max_length}
        )
    return value


def clean_text(value: str | None, field: str, max_length: int) -> str:
    """A multi-line text: kept as written, apart from the ends and Windows line ends."""
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > max_length:
        raise ActionError(
            _("%(field)s is too long (at most %(n)d characters).")
            % {"field": field, "n": max_length}
        )
    return value


def actor_or_none(actor: Any) -> Any:
    """The user to stamp on a row: None for the system or an anonymous caller."""
    return actor if actor is not None and actor.is_authenticated else None


# --- Names ------------------------------------------------------------------


def exemplar_name_fields(name: str, kind: str) -> dict[str, str]:
    """The derived name columns: pinyin key, compact pinyin and initials.

    A person's name is read with the surname table (曾 zeng, 单 shan); other names
    (a team, a unit, a practice) are read as ordinary words.
    """
    if kind == Exemplar.Kind.PERSON:
        syllables = name_syllables(name)
    else:
        text = to_simplified(unicodedata.normalize("NFKC", name))
        syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))  # type: ignore[arg-type, return-value]
    syllables = [s.casefold() for s in syllables if s and s.strip() and s.isalnum()]
    key = " ".join(syllables)[:800]
    return {
        "name_pinyin": key,
        "pinyin_compact": key.replace(" ", "")[:800],
        "name_initials": "".join(s[0] for s in syllables)[:100],
    }


# --- Story HTML -------------------------------------------------------------

STORY_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "sub", "sup",
    "small", "blockquote", "q", "cite", "ul", "ol", "li", "h2", "h3", "h4", "pre", "code",
    "a", "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
STORY_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
STORY_URL_SCHEMES = {"http", "https", "mailto"}
# A whole tag (<p>, <a href="…">, </p>, <br/>) or a comment: "a<b 为真" is plain text.
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|/[a-zA-Z][a-zA-Z0-9]*\s*>|!--)"
)


def sanitize_html(value: str) -> str:
    """Keep only the allow-listed tags and attributes: no script, no event handler, no
    style, no ``javascript:`` or ``data:`` link survives."""
    return nh3.clean(
        value,
        tags=STORY_TAGS,
        attributes=STORY_ATTRIBUTES,
        url_schemes=STORY_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_story(body: str) -> str:
    """``Deed.body`` → ``Deed.body_html``. HTML is sanitized; plain text becomes
    paragraphs (a blank line between them) with line breaks kept."""
    if not body.strip():
        return ""
    if _LOOKS_LIKE_HTML.search(body):
        return sanitize_html(body)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    rendered = "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    return sanitize_html(rendered)


def story_text(body_html: str) -> str:
    """The words of a story, without markup, for the search index."""
    return html.unescape(strip_tags(body_html.replace("<br>", "\n").replace("</p>", "\n")))


# --- Editing ----------------------------------------------------------------


def lock_for_edit(actor: Any, exemplar: Exemplar) -> Exemplar:
    """Inside a transaction: re-read the exemplar (locked on PostgreSQL, so a
    concurrent submit waits) and check that ``actor`` may change its content now."""
    locked = Exemplar.objects.select_for_update().select_related("owner_unit").get(pk=exemplar.pk)
    check_can_edit(actor, locked)
    return locked


def check_can_edit(actor: Any, exemplar: Exemplar) -> None:
    if exemplar.status not in (Exemplar.Status.DRAFT, Exemplar.Status.PUBLISHED):
        raise ActionError(
            _("This exemplar is “%(status)s” and cannot be changed now.")
            % {"status": status_label(exemplar.status)}
        )
    if actor is None or exemplar.can_edit(actor):
        return
    if exemplar.status == Exemplar.Status.PUBLISHED and exemplar.is_editor(actor):
        raise PermissionDenied(_("Only a reviewer can change a published exemplar."))
    raise PermissionDenied(_("You do not have permission to do this."))


# --- Search index -----------------------------------------------------------


def _sort_key(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


def exemplar_search_text(exemplar: Exemplar) -> str:
    parts = [
        exemplar.name,
        exemplar.name_pinyin,
        exemplar.pinyin_compact,
        exemplar.name_initials,
        exemplar.external_name,
        exemplar.summary,
    ]
    for quality in exemplar.qualities.all():
        parts += [quality.name, quality.name_en]
    parts += [honour.title for honour in exemplar.honours.all()]
    return "\n".join(p for p in parts if p)


def _visibility(exemplar: Exemplar) -> dict[str, Any]:
    return {
        "scope_path": exemplar.owner_unit.path,
        "is_public": exemplar.is_public,
        "published": exemplar.status == Exemplar.Status.PUBLISHED,
    }


def reindex(exemplar: Exemplar, *, deeds: bool = False) -> None:
    """Upsert the exemplar's search document, and with ``deeds`` every deed's too
    (their visibility follows the exemplar's). Called inside the writing transaction."""
    from jianxian.core import search

    exemplar = (
        Exemplar.objects.select_related("owner_unit")
        .prefetch_related("qualities", "honours")
        .get(pk=exemplar.pk)
    )
    visibility = _visibility(exemplar)
    search.index_document(
        exemplar,
        text=exemplar_search_text(exemplar),
        sort_key=exemplar.published_at or exemplar.updated_at,
        **visibility,
    )
    if deeds:
        for deed in Deed.objects.filter(exemplar=exemplar).iterator():
            _index_deed(deed, visibility)


def _index_deed(deed: Deed, visibility: dict[str, Any]) -> None:
    from jianxian.core import search

    search.index_document(
        deed,
        text=f"{deed.title}\n{story_text(deed.body_html)}",
        sort_key=_sort_key(deed.date) or deed.created_at,
        **visibility,
    )


def reindex_deed(deed: Deed) -> None:
    exemplar = Exemplar.objects.select_related("owner_unit").get(pk=deed.exemplar_id)
    _index_deed(deed, _visibility(exemplar))


def unindex(*objects: Any) -> None:
    from jianxian.core import search

    for obj in objects:
        search.remove_document(obj)


def delete_files_on_commit(*names: str) -> None:
    """Remove stored files once the deleting transaction has committed."""
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)
