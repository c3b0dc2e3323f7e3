"""Background work of the rectification ledger: each task takes ids (or a date) and
calls an action."""

from __future__ import annotations

import datetime

from django.tasks import task


@task()
def notify_problem_submitted(problem_id: int) -> int:
    """Tell the unit's verifiers a problem awaits acceptance (queued on submit)."""
    from jianxian.rectification import actions

    return actions.notify_submission(problem_id=problem_id)


@task()
def send_rectification_reminders(today: str | None = None) -> dict[str, int]:
    """The daily deadline sweep; ``today`` as ``YYYY-MM-DD`` (default: today)."""
    from jianxian.rectification import actions

    day = datetime.date.fromisoformat(today) if today else None
    return actions.send_rectification_reminders(today=day)
