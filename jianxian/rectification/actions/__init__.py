"""Every write to the rectification ledger (a package: CONVENTIONS.md, modules past ~400
lines).

Each action is keyword-only with ``actor=`` (None: the system); it checks permission,
validates, writes in one transaction and appends an ``Event`` row on the problem (verbs
``problem.*``), so the problem's history is its events. Actions that record what
happened at a given time take ``now=`` (imports and the demo backdate with it). Views,
the API, imports, tasks, the demo and the admin all call these; nothing else writes
``Problem.status`` (a test scans the code for it).
"""

from jianxian.rectification.actions.categories import (
    create_category,
    delete_category,
    update_category,
)
from jianxian.rectification.actions.measures import (
    add_measure,
    mark_measure_done,
    mark_measure_undone,
    remove_measure,
    update_measure,
)
from jianxian.rectification.actions.notes import add_progress_note, check_evidence
from jianxian.rectification.actions.problems import (
    KEEP,
    create_problem,
    delete_problem,
    update_problem,
)
from jianxian.rectification.actions.reminders import (
    notify_submission,
    send_rectification_reminders,
    unit_verifiers,
)
from jianxian.rectification.actions.verification import recheck_problem, review_problem_cycle
from jianxian.rectification.actions.workflow import (
    add_months,
    close_problem,
    move_problem,
    plan_problem,
    return_problem,
    revise_problem,
    start_problem,
    submit_problem,
)

__all__ = [
    "KEEP",
    "add_measure",
    "add_months",
    "add_progress_note",
    "check_evidence",
    "close_problem",
    "create_category",
    "create_problem",
    "delete_category",
    "delete_problem",
    "mark_measure_done",
    "mark_measure_undone",
    "move_problem",
    "notify_submission",
    "plan_problem",
    "recheck_problem",
    "remove_measure",
    "return_problem",
    "review_problem_cycle",
    "revise_problem",
    "send_rectification_reminders",
    "start_problem",
    "submit_problem",
    "unit_verifiers",
    "update_category",
    "update_measure",
    "update_problem",
]
