"""The workflow buttons: each is a POST form naming a verb of ``models.TRANSITIONS``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jianxian.core.errors import ActionError
from jianxian.core.http import AuthedRequest
from jianxian.exemplars import access, actions
from jianxian.exemplars.forms import MoveForm
from jianxian.exemplars.models import Exemplar


def _return(*, actor: Any, exemplar: Exemplar, note: str) -> Exemplar:
    return actions.return_exemplar(actor=actor, exemplar=exemplar, reason=note)


MOVES: dict[str, tuple[Callable[..., Exemplar], Any]] = {
    "submit": (actions.submit_exemplar, gettext_lazy("Submitted for review.")),
    "return": (_return, gettext_lazy("Returned to draft.")),
    "publish": (actions.publish_exemplar, gettext_lazy("Published.")),
    "archive": (actions.archive_exemplar, gettext_lazy("Archived.")),
    "reopen": (actions.reopen_exemplar, gettext_lazy("Reopened as a draft.")),
}


@login_required
@require_POST
def exemplar_move(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    """Submit, return (with a reason), publish, archive or reopen. A move the user may
    not make is a 403; one that cannot be made now (wrong status, missing content, no
    reason) comes back as a message on the exemplar's page."""
    if verb not in MOVES:
        raise Http404
    exemplar = access.get_exemplar_for_user(request.user, pk)
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    move, done = MOVES[verb]
    try:
        move(actor=request.user, exemplar=exemplar, note=note)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return redirect("exemplars:detail", pk=exemplar.pk)
