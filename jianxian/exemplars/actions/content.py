"""Honours, deeds and sources of an exemplar."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core.actions import record_event
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.exemplars.actions._common import (
    actor_or_none,
    clean_line,
    clean_text,
    delete_files_on_commit,
    lock_for_edit,
    reindex,
    reindex_deed,
    render_story,
    unindex,
)
from jianxian.exemplars.models import (
    HONOUR_FIRST_YEAR,
    Deed,
    Exemplar,
    Honour,
    Level,
    Photo,
    Source,
)

STORY_MAX = 50_000

# --- Honours ----------------------------------------------------------------


def add_honour(
    *,
    actor: Any,
    exemplar: Exemplar,
    title: str,
    level: str,
    year: int,
    conferred_by: str = "",
) -> Honour:
    """Record a title conferred on the exemplar. Honours are not edited: a wrong one is
    removed and added again, both in the ledger."""
    title = clean_line(title, _("Title"), 200)
    conferred_by = clean_line(conferred_by, _("Conferring body"), 200, required=False)
    if level not in Level.values:
        raise ActionError(_("Unknown level: %(level)s") % {"level": level})
    this_year = timezone.localdate().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ActionError(_("The year must be a number.")) from None
    if not HONOUR_FIRST_YEAR <= year <= this_year:
        raise ActionError(
            _("The year must be between %(first)d and %(last)d.")
            % {"first": HONOUR_FIRST_YEAR, "last": this_year}
        )
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        honour = Honour.objects.create(
            exemplar=locked, title=title, conferred_by=conferred_by, level=level, year=year
        )
        record_event(
            actor=actor,
            verb="exemplar.add_honour",
            target=locked,
            changes={"honour": honour.pk, "title": title, "year": year, "level": level},
        )
        reindex(locked)
    return honour


def remove_honour(*, actor: Any, honour: Honour) -> None:
    with transaction.atomic():
        locked = lock_for_edit(actor, honour.exemplar)
        record_event(
            actor=actor,
            verb="exemplar.remove_honour",
            target=locked,
            changes={"honour": honour.pk, "title": honour.title, "year": honour.year},
        )
        Honour.objects.filter(pk=honour.pk).delete()
        reindex(locked)


# --- Deeds ------------------------------------------------------------------


def _clean_deed(title: str, date: datetime.date | None, body: str) -> dict[str, Any]:
    if date is not None and date > timezone.localdate():
        raise ActionError(_("A deed cannot be dated in the future."))
    body = clean_text(body, _("Story"), STORY_MAX)
    return {
        "title": clean_line(title, _("Title"), 200),
        "date": date,
        "body": body,
        "body_html": render_story(body),
    }


def add_deed(
    *,
    actor: Any,
    exemplar: Exemplar,
    title: str,
    date: datetime.date | None = None,
    body: str = "",
) -> Deed:
    """Add a story. ``body`` is plain text (blank lines between paragraphs) or HTML;
    it is kept as written, and ``body_html`` is its sanitized rendering."""
    values = _clean_deed(title, date, body)
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        deed = Deed.objects.create(exemplar=locked, created_by=actor_or_none(actor), **values)
        record_event(
            actor=actor,
            verb="exemplar.add_deed",
            target=locked,
            changes={"deed": deed.pk, "title": deed.title},
        )
        reindex_deed(deed)
    return deed


def update_deed(
    *,
    actor: Any,
    deed: Deed,
    version: int,
    title: str,
    date: datetime.date | None = None,
    body: str = "",
) -> Deed:
    values = _clean_deed(title, date, body)
    with transaction.atomic():
        locked = lock_for_edit(actor, deed.exemplar)
        current = Deed.objects.filter(pk=deed.pk, exemplar=locked).first()
        if current is None:
            raise ActionError(_("This deed no longer exists."))
        updated = Deed.objects.filter(pk=deed.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleEdit(
                _("This deed was changed by someone else. Reload it and apply your edit again.")
            )
        changes: dict[str, Any] = {
            key: [str(getattr(current, key) or ""), str(new or "")]
            for key, new in values.items()
            if key in {"title", "date", "body"} and getattr(current, key) != new
        }
        if changes:
            changes["deed"] = deed.pk
            record_event(actor=actor, verb="exemplar.update_deed", target=locked, changes=changes)
        deed.refresh_from_db()
        reindex_deed(deed)
    return deed


def remove_deed(*, actor: Any, deed: Deed) -> None:
    """Remove a story with its photos and sources."""
    with transaction.atomic():
        locked = lock_for_edit(actor, deed.exemplar)
        files = [
            name
            for pair in Photo.objects.filter(deed=deed).values_list("image", "thumbnail")
            for name in pair
        ]
        record_event(
            actor=actor,
            verb="exemplar.remove_deed",
            target=locked,
            changes={"deed": deed.pk, "title": deed.title},
        )
        unindex(deed)
        Deed.objects.filter(pk=deed.pk).delete()
        delete_files_on_commit(*files)


# --- Sources ----------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])


def clean_url(url: str) -> str:
    """A web address (http or https) or nothing; the scheme and host in lower case."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    url = urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))
    if parts.scheme.lower() not in {"http", "https"} or len(url) > 500:
        raise ActionError(
            _("A source link must be a web address starting with http:// or https://.")
        )
    try:
        _url_validator(url)
    except ValidationError:
        raise ActionError(_("This source link is not a valid web address.")) from None
    return url


def add_source(
    *, actor: Any, exemplar: Exemplar, title: str, url: str = "", deed: Deed | None = None
) -> Source:
    """Cite where the record or a story comes from: a report, a notice, a web page."""
    title = clean_line(title, _("Title"), 200)
    url = clean_url(url)
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        if deed is not None and deed.exemplar_id != locked.pk:
            raise ActionError(_("This deed belongs to another exemplar."))
        source = Source.objects.create(exemplar=locked, deed=deed, title=title, url=url)
        record_event(
            actor=actor,
            verb="exemplar.add_source",
            target=locked,
            changes={"source": source.pk, "title": title, "url": url},
        )
    return source


def remove_source(*, actor: Any, source: Source) -> None:
    with transaction.atomic():
        locked = lock_for_edit(actor, source.exemplar)
        record_event(
            actor=actor,
            verb="exemplar.remove_source",
            target=locked,
            changes={"source": source.pk, "title": source.title},
        )
        Source.objects.filter(pk=source.pk).delete()
