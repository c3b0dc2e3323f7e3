"""Creating, editing, consenting to and deleting exemplars."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jianxian.core import permissions
from jianxian.core.actions import record_event
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.models import Person, Unit
from jianxian.exemplars.actions._common import (
    actor_or_none,
    clean_line,
    clean_text,
    delete_files_on_commit,
    exemplar_name_fields,
    lock_for_edit,
    reindex,
    require,
    unindex,
)
from jianxian.exemplars.models import (
    EDITOR_ROLES,
    Deed,
    Exemplar,
    ExemplarField,
    Level,
    Photo,
    Quality,
)

SUMMARY_MAX = 5000
# The fields an edit may change, as the event's ``changes`` lists them.
EDITED_FIELDS = (
    "kind",
    "name",
    "field",
    "level",
    "person",
    "subject_unit",
    "external_name",
    "summary",
)


def _clean_fields(
    actor: Any,
    *,
    kind: str,
    name: str,
    field: str,
    level: str,
    person: Person | None,
    subject_unit: Unit | None,
    external_name: str,
    summary: str,
    linked: tuple[Person | None, Unit | None] = (None, None),
) -> dict[str, Any]:
    """Validate what a form sends, mirroring the table's constraints with messages.
    ``linked`` are the links the exemplar already has (kept without a scope check)."""
    if kind not in Exemplar.Kind.values:
        raise ActionError(_("Unknown exemplar kind: %(kind)s") % {"kind": kind})
    if field not in ExemplarField.values:
        raise ActionError(_("Unknown field: %(field)s") % {"field": field})
    if level not in Level.values:
        raise ActionError(_("Unknown level: %(level)s") % {"level": level})
    external_name = clean_line(external_name, _("Name outside the platform"), 100, required=False)
    if kind == Exemplar.Kind.PERSON:
        if subject_unit is not None:
            raise ActionError(_("A person exemplar is linked to a person, not to a unit."))
        if (person is None) == (not external_name):
            raise ActionError(
                _("Choose the person on the platform or give the name of someone outside it.")
            )
    elif kind in (Exemplar.Kind.COLLECTIVE, Exemplar.Kind.UNIT):
        if person is not None:
            raise ActionError(_("A collective or unit exemplar is not linked to a person."))
        if (subject_unit is None) == (not external_name):
            raise ActionError(
                _("Choose the unit or team on the platform or give the name of one outside it.")
            )
    else:  # a practice: where it comes from, if given, is a unit or an outside name
        if person is not None:
            raise ActionError(_("A practice is not linked to a person."))
        if subject_unit is not None and external_name:
            raise ActionError(
                _("A practice comes from a unit on the platform or from outside, not both.")
            )
    if actor is not None:
        if person is not None and person != linked[0]:
            require(
                permissions.can_view_person(actor, person),
                _("You cannot link a person outside your scope."),
            )
        if subject_unit is not None and subject_unit != linked[1]:
            require(
                permissions.can_view_unit(actor, subject_unit),
                _("You cannot link a unit outside your scope."),
            )
    fallback = (person.name if person else "") or (subject_unit.name if subject_unit else "")
    name = clean_line(name or fallback or external_name, _("Exemplar name"), 100)
    return {
        "kind": kind,
        "name": name,
        **exemplar_name_fields(name, kind),
        "field": field,
        "level": level,
        "person": person,
        "subject_unit": subject_unit,
        "external_name": external_name,
        "summary": clean_text(summary, _("Summary"), SUMMARY_MAX),
    }


def _clean_qualities(qualities: Iterable[Quality], current: Iterable[Quality]) -> list[Quality]:
    chosen = list(dict.fromkeys(qualities))
    kept = {q.pk for q in current}
    retired = [q.name for q in chosen if not q.is_active and q.pk not in kept]
    if retired:
        raise ActionError(
            _("These qualities are no longer in use: %(names)s") % {"names": "、".join(retired)}
        )
    return chosen


def _set_qualities(actor: Any, exemplar: Exemplar, qualities: list[Quality]) -> dict[str, Any]:
    before = set(exemplar.qualities.values_list("pk", flat=True))
    after = {q.pk for q in qualities}
    if before == after:
        return {}
    exemplar.qualities.set(qualities)
    return {"qualities": [sorted(before), sorted(after)]}


def create_exemplar(
    *,
    actor: Any,
    owner_unit: Unit,
    kind: str,
    field: str,
    level: str,
    name: str = "",
    person: Person | None = None,
    subject_unit: Unit | None = None,
    external_name: str = "",
    summary: str = "",
    qualities: Iterable[Quality] = (),
) -> Exemplar:
    """Start an exemplar, as a draft, in ``owner_unit``'s library."""
    require(
        actor is None or any(permissions.has_role(actor, role, owner_unit) for role in EDITOR_ROLES)
    )
    values = _clean_fields(
        actor,
        kind=kind,
        name=name,
        field=field,
        level=level,
        person=person,
        subject_unit=subject_unit,
        external_name=external_name,
        summary=summary,
    )
    chosen = _clean_qualities(qualities, ())
    with transaction.atomic():
        exemplar = Exemplar.objects.create(
            owner_unit=owner_unit, created_by=actor_or_none(actor), **values
        )
        exemplar.qualities.set(chosen)
        record_event(
            actor=actor,
            verb="exemplar.create",
            target=exemplar,
            to_status=exemplar.status,
            changes={"name": values["name"], "kind": kind, "unit": owner_unit.pk},
        )
        reindex(exemplar)
    return exemplar


def update_exemplar(
    *,
    actor: Any,
    exemplar: Exemplar,
    version: int,
    kind: str,
    field: str,
    level: str,
    name: str = "",
    person: Person | None = None,
    subject_unit: Unit | None = None,
    external_name: str = "",
    summary: str = "",
    qualities: Iterable[Quality] | None = None,
) -> Exemplar:
    """Edit the exemplar's record; ``qualities`` None leaves them as they are. The
    owning unit does not change."""
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        values = _clean_fields(
            actor,
            kind=kind,
            name=name,
            field=field,
            level=level,
            person=person,
            subject_unit=subject_unit,
            external_name=external_name,
            summary=summary,
            linked=(locked.person, locked.subject_unit),
        )
        updated = Exemplar.objects.filter(pk=locked.pk, version=version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleEdit(
                _("This exemplar was changed by someone else. Reload it and apply your edit again.")
            )
        changes = {
            key: [_plain(getattr(locked, key)), _plain(values[key])]
            for key in EDITED_FIELDS
            if getattr(locked, key) != values[key]
        }
        if qualities is not None:
            changes |= _set_qualities(
                actor, locked, _clean_qualities(qualities, locked.qualities.all())
            )
        if changes:
            record_event(actor=actor, verb="exemplar.update", target=locked, changes=changes)
        reindex(locked)
    exemplar.refresh_from_db()
    return exemplar


def _plain(value: Any) -> Any:
    """A value as the event's ``changes`` JSON keeps it."""
    return value.pk if hasattr(value, "pk") else value


def set_exemplar_qualities(
    *, actor: Any, exemplar: Exemplar, qualities: Iterable[Quality]
) -> Exemplar:
    """Choose the exemplar's qualities from the vocabulary (retired ones cannot be added)."""
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        changes = _set_qualities(actor, locked, _clean_qualities(qualities, locked.qualities.all()))
        if changes:
            record_event(actor=actor, verb="exemplar.qualities", target=locked, changes=changes)
            reindex(locked)
    return exemplar


def set_exemplar_rights(
    *,
    actor: Any,
    exemplar: Exemplar,
    version: int,
    public_use: bool,
    school_use: bool,
    is_public: bool,
    consent_note: str = "",
) -> Exemplar:
    """Record the consent to public and school use, and whether the public portal shows
    the exemplar (only with consent to public use). Withdrawing the consent to public
    use takes the exemplar off the portal at once."""
    consent_note = clean_text(consent_note, _("Consent record"), 2000)
    if is_public and not public_use:
        raise ActionError(
            _("Record the consent to public use before showing the exemplar on the portal.")
        )
    if (public_use or school_use) and not consent_note and actor is not None:
        raise ActionError(
            _("Say how the consent was given (for example, a signed form kept on file).")
        )
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        new = {
            "public_use": public_use,
            "school_use": school_use,
            "consent_note": consent_note,
            "is_public": is_public,
        }
        changes = {k: [getattr(locked, k), v] for k, v in new.items() if getattr(locked, k) != v}
        consent_changed = bool(changes.keys() - {"is_public"})
        stamps: dict[str, Any] = {}
        if consent_changed:
            stamps = {
                "consent_recorded_by": actor_or_none(actor),
                "consent_recorded_at": timezone.now(),
            }
        updated = Exemplar.objects.filter(pk=locked.pk, version=version).update(
            **new, **stamps, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleEdit(
                _("This exemplar was changed by someone else. Reload it and apply your edit again.")
            )
        if changes:
            record_event(actor=actor, verb="exemplar.rights", target=locked, changes=changes)
        if "is_public" in changes:
            reindex(locked, deeds=True)
    exemplar.refresh_from_db()
    return exemplar


def delete_exemplar(*, actor: Any, exemplar: Exemplar) -> None:
    """Delete a draft that was never published, with its deeds, honours and photos.
    Anything once published is archived instead, so its history stays."""
    with transaction.atomic():
        locked = (
            Exemplar.objects.select_for_update().select_related("owner_unit").get(pk=exemplar.pk)
        )
        if locked.status != Exemplar.Status.DRAFT or locked.published_at is not None:
            raise ActionError(_("Only a draft that was never published can be deleted."))
        require(actor is None or locked.can_delete(actor))
        files = [
            name
            for image, thumbnail in Photo.objects.filter(exemplar=locked).values_list(
                "image", "thumbnail"
            )
            for name in (image, thumbnail)
        ]
        deeds = list(Deed.objects.filter(exemplar=locked))
        record_event(
            actor=actor,
            verb="exemplar.delete",
            target=locked,
            from_status=locked.status,
            changes={"name": locked.name},
        )
        unindex(locked, *deeds)
        locked.delete()
        delete_files_on_commit(*files)
