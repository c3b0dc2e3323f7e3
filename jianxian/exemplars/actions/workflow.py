"""Moving an exemplar through its workflow (``models.TRANSITIONS``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianxian.core.actions import notify, record_event
from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.exemplars.actions._common import actor_or_none, clean_text, reindex
from jianxian.exemplars.models import TRANSITIONS, Deed, Exemplar, status_label

Status = Exemplar.Status


def _check_content(exemplar: Exemplar) -> None:
    summary = Exemplar.objects.filter(pk=exemplar.pk).values_list("summary", flat=True).first()
    missing = []
    if not (summary or "").strip():
        missing.append(_("a summary"))
    if not Deed.objects.filter(exemplar_id=exemplar.pk).exists():
        missing.append(_("at least one deed"))
    if missing:
        raise ActionError(
            _("The exemplar needs %(things)s before it can be reviewed or published.")
            % {"things": _(" and ").join(missing)}
        )


# What a named action says when the exemplar is not where that action starts.
WRONG_START = {
    "submit": gettext_lazy("Only a draft can be submitted for review."),
    "return": gettext_lazy("Only an exemplar under review can be returned to draft."),
    "publish": gettext_lazy("Only an exemplar under review can be published."),
    "archive": gettext_lazy("Only a published exemplar can be archived."),
    "reopen": gettext_lazy("Only an archived exemplar can be reopened."),
}


def move_exemplar(
    *, actor: Any, exemplar: Exemplar, to_status: str, note: str = "", verb: str | None = None
) -> Exemplar:
    """Move ``exemplar`` from the status the caller saw to ``to_status``; ``verb``
    (``"publish"``, …) also requires the move to be that one.

    The move is a compare-and-set on that status: if someone moved it meanwhile (a
    second reviewer publishing at the same time), nothing is written and the caller is
    told. Every move appends an ``Event`` with from → to and the note.
    """
    from_status = exemplar.status
    transition = TRANSITIONS.get(from_status, {}).get(to_status)
    if transition is None or (verb is not None and transition.verb != verb):
        if verb in WRONG_START:
            raise ActionError(
                _("%(rule)s This one is “%(status)s”.")
                % {"rule": WRONG_START[verb], "status": status_label(from_status)}
            )
        raise ActionError(
            _("An exemplar cannot go from “%(from)s” to “%(to)s”.")
            % {"from": status_label(from_status), "to": status_label(to_status)}
        )
    refusal = exemplar.refusal_to_move(actor, to_status)
    if refusal:
        raise PermissionDenied(refusal)
    note = clean_text(note, _("Note"), 2000)
    if transition.needs_reason and not note:
        raise ActionError(_("Say why the exemplar goes back to draft."))
    now = timezone.now()
    stamps: dict[str, Any] = {}
    if to_status == Status.UNDER_REVIEW:
        stamps = {"submitted_by": actor_or_none(actor), "submitted_at": now, "review_note": ""}
    elif from_status == Status.UNDER_REVIEW and to_status == Status.DRAFT:
        stamps = {"review_note": note}
    elif to_status == Status.PUBLISHED:
        stamps = {"published_at": now, "review_note": ""}
    with transaction.atomic():
        # Read (and on PostgreSQL lock) the row first, so that a move that lost a race
        # says so instead of complaining about content; the update below is still a
        # compare-and-set on the status the caller saw.
        current = (
            Exemplar.objects.select_for_update()
            .filter(pk=exemplar.pk)
            .values_list("status", flat=True)
            .first()
        )
        if current is None:
            raise ActionError(_("This exemplar no longer exists."))
        if current == from_status and transition.needs_content:
            _check_content(exemplar)
        moved = Exemplar.objects.filter(pk=exemplar.pk, status=from_status).update(
            status=to_status, version=F("version") + 1, updated_at=now, **stamps
        )
        if moved != 1:
            raise ActionError(
                _("Someone else has just changed this exemplar: it is now “%(status)s”.")
                % {"status": status_label(current)}
            )
        record_event(
            actor=actor,
            verb=f"exemplar.{transition.verb}",
            target=exemplar,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
        exemplar.refresh_from_db()
        _tell_submitter(actor, exemplar, transition.verb, note)
        reindex(exemplar, deeds=True)
    return exemplar


def _tell_submitter(actor: Any, exemplar: Exemplar, verb: str, note: str) -> None:
    """The submitter hears when a reviewer returns or publishes their exemplar."""
    submitter = exemplar.submitted_by
    if submitter is None or verb not in {"return", "publish"}:
        return
    if actor is not None and getattr(actor, "pk", None) == submitter.pk:
        return
    if verb == "return":
        title = _("Returned for revision: %(name)s") % {"name": exemplar.name}
    else:
        title = _("Published: %(name)s") % {"name": exemplar.name}
    notify(recipient=submitter, title=title, body=note)


def submit_exemplar(*, actor: Any, exemplar: Exemplar, note: str = "") -> Exemplar:
    """Draft → under review. Needs a summary and at least one deed."""
    return move_exemplar(
        actor=actor, exemplar=exemplar, to_status=Status.UNDER_REVIEW, note=note, verb="submit"
    )


def return_exemplar(*, actor: Any, exemplar: Exemplar, reason: str) -> Exemplar:
    """Under review → draft, with the reason (a reviewer; or the submitter withdrawing)."""
    return move_exemplar(
        actor=actor, exemplar=exemplar, to_status=Status.DRAFT, note=reason, verb="return"
    )


def publish_exemplar(*, actor: Any, exemplar: Exemplar, note: str = "") -> Exemplar:
    """Under review → published, by a reviewer other than the submitter."""
    return move_exemplar(
        actor=actor, exemplar=exemplar, to_status=Status.PUBLISHED, note=note, verb="publish"
    )


def archive_exemplar(*, actor: Any, exemplar: Exemplar, note: str = "") -> Exemplar:
    """Published → archived, by a unit admin: off every list, kept with its history."""
    return move_exemplar(
        actor=actor, exemplar=exemplar, to_status=Status.ARCHIVED, note=note, verb="archive"
    )


def reopen_exemplar(*, actor: Any, exemplar: Exemplar, note: str = "") -> Exemplar:
    """Archived → draft, by a unit admin; it is reviewed again before it shows."""
    return move_exemplar(
        actor=actor, exemplar=exemplar, to_status=Status.DRAFT, note=note, verb="reopen"
    )
