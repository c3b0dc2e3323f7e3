"""API for the rectification ledger (问题清单 / 整改台账), mounted at /api/v1/rectification
(config/api.py).

A package (CONVENTIONS.md: modules past ~400 lines), every module adding its routes to
the one ``router``:

* ``problems``: the ledger list with its filters and counts, one problem, its record
  (create, versioned edit, delete) and its history from the ``Event`` rows;
* ``workflow``: the moves (plan, revise, start, submit, close, return, recheck, review);
* ``work``: measures, progress notes with evidence files, and the evidence downloads;
* ``categories``: the vocabulary of problem categories;
* ``exports``: the ledger as .xlsx and .pdf.

Every handler fetches through ``rectification.access`` (outside the caller's sight a
record does not exist: 404) and writes through ``rectification.actions`` (a refusal is
403, bad input or an illegal move 400 with the message, a stale ``version`` 409).
"""

from jianxian.rectification.api import categories, exports, problems, work, workflow  # noqa: F401
from jianxian.rectification.api.routing import router

__all__ = ["router"]
