"""The signed-in pages of the rectification ledger (a package: CONVENTIONS.md, modules
past ~400 lines).

``ledger``: the ledger (``problem_ledger``) with its filters, counts and bulk start;
its ``filter_problems`` is the ledger's filtering, shared with the export. ``detail``:
the problem's page; ``edit``: the forms that record a problem, its measures and its
progress; ``workflow``: the moves and the verifiers' judgements; ``remove``: deleting a
draft and removing a measure; ``files``: evidence, served only through the access
check; ``transfer``: the Excel and PDF export and the Excel import.
"""

from jianxian.rectification.queries import register_verb_labels
from jianxian.rectification.views.detail import problem_detail
from jianxian.rectification.views.edit import (
    measure_add,
    measure_edit,
    note_add,
    problem_create,
    problem_edit,
)
from jianxian.rectification.views.files import evidence_file
from jianxian.rectification.views.ledger import Ledger, bulk, filter_problems, problem_ledger
from jianxian.rectification.views.remove import measure_remove, problem_delete
from jianxian.rectification.views.workflow import (
    measure_done,
    problem_close,
    problem_move,
    problem_recheck,
    problem_return,
    problem_review,
)

# The history's labels (also wanted by the API and the admin: RectificationConfig.ready
# should call this too).
register_verb_labels()

__all__ = [
    "Ledger",
    "bulk",
    "evidence_file",
    "filter_problems",
    "measure_add",
    "measure_done",
    "measure_edit",
    "measure_remove",
    "note_add",
    "problem_close",
    "problem_create",
    "problem_delete",
    "problem_detail",
    "problem_edit",
    "problem_ledger",
    "problem_move",
    "problem_recheck",
    "problem_return",
    "problem_review",
]
