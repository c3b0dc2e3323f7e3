"""Removing what an exemplar is built from, and deleting a draft: a confirmation page
(GET) and the removal (POST), each through one action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.core.http import AuthedRequest
from jianxian.exemplars import access, actions


@dataclass(frozen=True)
class Removable:
    fetch: Callable[..., Any]  # access.get_<thing>_for_user
    remove: Callable[..., None]  # actions.remove_<thing>(actor=, <keyword>=)
    keyword: str
    title: Any  # the confirmation page's question
    describe: Callable[[Any], str]  # the record, as the page names it
    done: Any


REMOVABLE: dict[str, Removable] = {
    "deeds": Removable(
        access.get_deed_for_user,
        actions.remove_deed,
        "deed",
        gettext_lazy("Remove this deed?"),
        lambda deed: deed.title,
        gettext_lazy("Deed removed, with its photos and sources."),
    ),
    "honours": Removable(
        access.get_honour_for_user,
        actions.remove_honour,
        "honour",
        gettext_lazy("Remove this honour?"),
        lambda honour: f"{honour.title} ({honour.year})",
        gettext_lazy("Honour removed."),
    ),
    "sources": Removable(
        access.get_source_for_user,
        actions.remove_source,
        "source",
        gettext_lazy("Remove this source?"),
        lambda source: source.title,
        gettext_lazy("Source removed."),
    ),
    "photos": Removable(
        access.get_photo_for_user,
        actions.remove_photo,
        "photo",
        gettext_lazy("Remove this photo?"),
        lambda photo: photo.caption or photo.image.name.rsplit("/", 1)[-1],
        gettext_lazy("Photo removed."),
    ),
}


def _confirm(
    request: AuthedRequest, *, exemplar: Any, title: str, what: str, warning: str, button: str
) -> HttpResponse:
    context = {
        "exemplar": exemplar,
        "title": title,
        "what": what,
        "warning": warning,
        "button": button,
    }
    return render(request, "exemplars/confirm_remove.html", context)


@login_required
def content_remove(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    """Remove a deed, an honour, a source or a photo of an exemplar the user may edit."""
    spec = REMOVABLE.get(kind)
    if spec is None:
        raise Http404
    record = spec.fetch(request.user, pk, write=True)
    exemplar = record.exemplar
    if request.method == "POST":
        try:
            spec.remove(actor=request.user, **{spec.keyword: record})
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(spec.done))
        return redirect("exemplars:detail", pk=exemplar.pk)
    warning = _("This deed's photos and sources go with it.") if kind == "deeds" else ""
    return _confirm(
        request,
        exemplar=exemplar,
        title=str(spec.title),
        what=spec.describe(record),
        warning=warning,
        button=_("Remove"),
    )


@login_required
def exemplar_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never published (anything else is archived instead)."""
    exemplar = access.get_exemplar_for_user(request.user, pk)
    if not exemplar.can_delete(request.user):
        raise PermissionDenied(_("Only a draft that was never published can be deleted."))
    if request.method == "POST":
        try:
            actions.delete_exemplar(actor=request.user, exemplar=exemplar)
        except ActionError as exc:
            messages.error(request, exc.message)
            return redirect("exemplars:detail", pk=exemplar.pk)
        messages.success(request, _("Draft deleted."))
        return redirect("exemplars:list")
    return _confirm(
        request,
        exemplar=exemplar,
        title=_("Delete this draft?"),
        what=exemplar.name,
        warning=_("Its deeds, honours, sources and photos are deleted with it."),
        button=_("Delete"),
    )
