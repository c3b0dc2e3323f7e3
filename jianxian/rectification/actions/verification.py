"""The verifiers' judgements that are not plain moves: the recurrence re-check of a
closed problem (confirm, or reopen through ``move_problem``) and the periodic review of
an ongoing effort. Each writes its ``Verification`` and its event."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jianxian.core.errors import ActionError, PermissionDenied
from jianxian.rectification.actions._common import (
    STANDARD_MAX,
    actor_or_none,
    clean_score,
    clean_text,
    clock,
    lock_problem,
    log,
    plain,
    require,
)
from jianxian.rectification.actions.workflow import move_problem
from jianxian.rectification.models import (
    Decision,
    Problem,
    ProblemKind,
    ProblemStatus,
    Verification,
    VerificationKind,
    status_label,
)

Status = ProblemStatus


def _check_verifier(actor: Any, problem: Problem) -> None:
    if actor is None:
        return
    if problem.is_responsible(actor):
        raise PermissionDenied(_("The responsible person cannot verify their own rectification."))
    require(problem.is_verifier(actor))


def recheck_problem(
    *,
    actor: Any,
    problem: Problem,
    decision: str,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Problem:
    """The recurrence re-check of a closed problem (a verifier, not the responsible
    person). ``"confirmed"``: it has not come back; it stays closed and no further
    re-check is due. ``"reopened"``: it came back; it returns to rectifying (the
    comment says how), and its reopen count goes up."""
    if decision == Decision.REOPENED:
        return move_problem(
            actor=actor,
            problem=problem,
            to_status=Status.RECTIFYING,
            note=comment,
            verb="reopen",
            now=now,
        )
    if decision != Decision.CONFIRMED:
        raise ActionError(_("A re-check either confirms the problem is solved or reopens it."))
    moment, _today = clock(now)
    if problem.status != Status.CLOSED:
        raise ActionError(
            _("Only a closed problem is re-checked. This one is “%(status)s”.")
            % {"status": status_label(problem.status)}
        )
    _check_verifier(actor, problem)
    comment = clean_text(comment, _("Comment"), STANDARD_MAX)
    with transaction.atomic():
        current = lock_problem(problem)
        # Compare-and-set on the status and version seen: a re-check racing another
        # re-check (or a reopening) loses cleanly.
        updated = Problem.objects.filter(
            pk=problem.pk, status=Status.CLOSED, version=problem.version
        ).update(recheck_due=None, version=F("version") + 1, updated_at=moment)
        if updated != 1:
            raise ActionError(
                _("Someone else has just changed this problem: it is now “%(status)s”.")
                % {"status": status_label(current.status)}
            )
        Verification.objects.create(
            problem=current,
            verifier=actor_or_none(actor),
            kind=VerificationKind.RECHECK,
            decision=Decision.CONFIRMED,
            comment=comment,
            created_at=moment,
        )
        log(
            actor=actor,
            verb="recheck",
            problem=current,
            at=now,
            changes={"recheck_due": [plain(current.recheck_due), None]},
            note=comment,
        )
    problem.refresh_from_db()
    return problem


def review_problem_cycle(
    *,
    actor: Any,
    problem: Problem,
    comment: str,
    score: Any = None,
    now: datetime.datetime | None = None,
) -> Problem:
    """The periodic review of an ongoing effort (a verifier, not the responsible person):
    a comment and, optionally, a score. The next review moves on by whole cycles until
    it lies after today, so a late review does not leave a backlog of due dates."""
    moment, today = clock(now)
    if problem.kind != ProblemKind.ONGOING or problem.status != Status.RECTIFYING:
        raise ActionError(_("Only an ongoing effort under way is reviewed each cycle."))
    _check_verifier(actor, problem)
    comment = clean_text(comment, _("Comment"), STANDARD_MAX, required=True)
    score = clean_score(score, required=False)
    with transaction.atomic():
        current = lock_problem(problem)
        cycle = datetime.timedelta(days=current.review_cycle_days or 1)
        seen = problem.next_review_date
        following = (seen or today) + cycle
        while following <= today:
            following += cycle
        updated = Problem.objects.filter(
            pk=problem.pk,
            status=Status.RECTIFYING,
            kind=ProblemKind.ONGOING,
            next_review_date=seen,
        ).update(next_review_date=following, version=F("version") + 1, updated_at=moment)
        if updated != 1:
            raise ActionError(
                _("Someone else has just reviewed or changed this problem. Reload it.")
            )
        Verification.objects.create(
            problem=current,
            verifier=actor_or_none(actor),
            kind=VerificationKind.CYCLE_REVIEW,
            decision=Decision.REVIEWED,
            score=score,
            comment=comment,
            created_at=moment,
        )
        log(
            actor=actor,
            verb="review",
            problem=current,
            at=now,
            changes={
                "next_review_date": [seen.isoformat() if seen else None, following.isoformat()],
                "score": score,
            },
            note=comment,
        )
    problem.refresh_from_db()
    return problem
