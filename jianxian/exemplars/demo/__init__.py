"""The exemplar library of the Qingzhou demo (issue 3 §6, DESIGN.md §1).

``load_demo(ctx)`` runs after the core demo (``jianxian.core.demo.load``). Every row is
written through ``exemplars.actions`` by the demo logins, as a real library is built:
an editor (``cityadmin``, the district admin ``district`` or the approval bureau's
organizer ``approval``) creates the exemplar, adds honours, deeds, sources and photos,
records the consent and submits it; a different reviewer (``verifier`` or
``cityadmin``) publishes it, or returns it with a reason — the four-eyes rule holds.
One exemplar stays under review and one back in draft, so the review queue and the
return flow have something to show.

An exemplar is recognised again by its owning unit and name: a second load creates
nothing (no rows, no events, no files).
"""

from __future__ import annotations

from typing import Any

from jianxian.core.demo import DemoContext
from jianxian.exemplars import actions
from jianxian.exemplars.demo.groups import GROUPS
from jianxian.exemplars.demo.people import PEOPLE
from jianxian.exemplars.demo.photos import illustration
from jianxian.exemplars.demo.spec import PUBLISHED, RETURNED, UNDER_REVIEW, ExemplarSpec
from jianxian.exemplars.models import Exemplar, Quality

EXEMPLARS: tuple[ExemplarSpec, ...] = (*PEOPLE, *GROUPS)

__all__ = ["EXEMPLARS", "load_demo"]


def load_demo(ctx: DemoContext) -> None:
    """Load (or find) the demo's exemplars, each with its honours, deeds and photos."""
    qualities = {q.code: q for q in Quality.objects.all()}
    for spec in EXEMPLARS:
        owner = ctx.unit(spec.owner)
        exists = Exemplar.objects.filter(owner_unit=owner, name=spec.name).exists()
        if not exists:
            _build(ctx, spec, qualities)
        ctx.count("exemplars", created=not exists)
        ctx.count("deeds", created=not exists, n=len(spec.deeds))
        ctx.count("honours", created=not exists, n=len(spec.honours))
        ctx.count("exemplar photos", created=not exists, n=len(spec.photos))


def _build(ctx: DemoContext, spec: ExemplarSpec, qualities: dict[str, Quality]) -> Exemplar:
    editor = ctx.user(spec.editor)
    exemplar = actions.create_exemplar(
        actor=editor,
        owner_unit=ctx.unit(spec.owner),
        kind=spec.kind,
        field=spec.field,
        level=spec.level,
        name=spec.name,
        person=ctx.figure(spec.figure) if spec.figure else None,
        subject_unit=ctx.unit(spec.subject_unit) if spec.subject_unit else None,
        external_name=spec.external_name,
        summary=spec.summary,
        # A quality the city has retired or removed is left out, not an error.
        qualities=[
            qualities[c] for c in spec.qualities if c in qualities and qualities[c].is_active
        ],
    )
    # Consent first: recorded before the stories are added, as a real editor would.
    if spec.public_use or spec.school_use:
        actions.set_exemplar_rights(
            actor=editor,
            exemplar=exemplar,
            version=exemplar.version,
            public_use=spec.public_use,
            school_use=spec.school_use,
            is_public=spec.is_public,
            consent_note=spec.consent_note,
        )
    for honour in spec.honours:
        actions.add_honour(actor=editor, exemplar=exemplar, **honour._asdict())
    deeds = [
        actions.add_deed(
            actor=editor, exemplar=exemplar, title=deed.title, date=deed.date, body=deed.body
        )
        for deed in spec.deeds
    ]
    for title in spec.sources:
        actions.add_source(actor=editor, exemplar=exemplar, title=title)
    for photo in spec.photos:
        actions.add_photo(
            actor=editor,
            exemplar=exemplar,
            data=illustration(spec.name, photo.caption, spec.field),
            caption=photo.caption,
            deed=deeds[photo.deed] if photo.deed is not None else None,
        )
    _move(ctx, spec, exemplar, editor)
    return exemplar


def _move(ctx: DemoContext, spec: ExemplarSpec, exemplar: Exemplar, editor: Any) -> None:
    """Submit as the editor; publish or return as the reviewer (never the same login)."""
    if spec.state not in (PUBLISHED, UNDER_REVIEW, RETURNED):
        raise ValueError(f"Unknown demo state {spec.state!r} for {spec.key}.")
    if spec.reviewer == spec.editor:
        raise ValueError(f"{spec.key}: the reviewer must not be the editor (four eyes).")
    exemplar.refresh_from_db()
    actions.submit_exemplar(actor=editor, exemplar=exemplar)
    reviewer = ctx.user(spec.reviewer)
    if spec.state == PUBLISHED:
        actions.publish_exemplar(actor=reviewer, exemplar=exemplar)
    elif spec.state == RETURNED:
        actions.return_exemplar(actor=reviewer, exemplar=exemplar, reason=spec.review_note)
