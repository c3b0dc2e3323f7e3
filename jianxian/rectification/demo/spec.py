"""The shape of the rectification demo's data: where problems were found (``SourceSpec``),
each problem (``ProblemSpec``) with its measures and the steps of its history.

Days are counted from the day the demo is loaded (``-30``: thirty days earlier), so
that "overdue", "due soon" and "re-check due" mean the same whenever it is loaded.
"""

from __future__ import annotations

from typing import NamedTuple


class SourceSpec(NamedTuple):
    """Where a list of problems was found."""

    kind: str  # SourceKind value
    label: str  # "{month}" becomes 2026年3月, the month of ``day``
    day: int  # when (days from the load date)
    creator: str  # the login that enters the problems
    exemplar: tuple[str, str] | None = None  # (owning unit code, name) to link, if it exists


class FileSpec(NamedTuple):
    """An evidence file, drawn by ``evidence.py``: a photographed page or a PDF."""

    name: str  # the file name the user uploads
    title: str  # the heading on the page
    lines: tuple[str, ...] = ()
    pdf: bool = False


class MeasureSpec(NamedTuple):
    text: str
    owner: str | None = None  # a person reference (see ``ProblemSpec.responsible``)
    due: int | None = None


class Step(NamedTuple):
    """One thing that happened to the problem, done through the actions on ``day``."""

    verb: str  # plan, start, done, undone, note, submit, close, return, recheck, review,
    #            measure (add one), redate (move the due date)
    day: int
    text: str = ""  # the note, comment, reason or new measure
    files: tuple[FileSpec, ...] = ()
    item: int = 0  # which measure (done, undone), by its place in the list
    score: int | None = None
    decision: str = ""  # recheck: confirmed or reopened
    actor: str = ""  # the login; by default the creator plans, the worker reports,
    #                  the verifier judges
    due: int | None = None  # redate: the new due date; measure: its due date


class ProblemSpec(NamedTuple):
    """One problem of the demo. It is recognised again by its unit and title."""

    key: str
    source: str  # key into SOURCES
    unit: str  # the responsible unit's code
    # The responsible person: a staff number ("QZ000012") or "<unit code>|<post>".
    responsible: str
    title: str
    description: str
    category: str  # a seeded category name
    kind: str  # ProblemKind value
    severity: str
    standard: str  # acceptance standard ("" for a bare draft)
    due: int | None  # due date (days from the load date); None when ongoing
    measures: tuple[MeasureSpec, ...]
    steps: tuple[Step, ...] = ()
    cycle: int | None = None  # review cycle in days, when ongoing
    worker: str = ""  # the login reporting progress; default: the source's creator
    found: int = 3  # days after the source's day that the problem was entered


def plan(day: int) -> Step:
    return Step("plan", day)


def start(day: int, actor: str = "") -> Step:
    return Step("start", day, actor=actor)


def done(index: int, day: int, actor: str = "") -> Step:
    return Step("done", day, item=index, actor=actor)


def undone(index: int, day: int, actor: str = "") -> Step:
    return Step("undone", day, item=index, actor=actor)


def note(day: int, text: str, *files: FileSpec, actor: str = "") -> Step:
    return Step("note", day, text=text, files=files, actor=actor)


def submit(day: int, actor: str = "") -> Step:
    return Step("submit", day, actor=actor)


def close(day: int, score: int, comment: str, actor: str = "verifier") -> Step:
    return Step("close", day, text=comment, score=score, actor=actor)


def returned(day: int, reason: str, actor: str = "verifier") -> Step:
    return Step("return", day, text=reason, actor=actor)


def recheck(day: int, decision: str, comment: str, actor: str = "verifier") -> Step:
    return Step("recheck", day, text=comment, decision=decision, actor=actor)


def review(day: int, comment: str, score: int | None = None, actor: str = "verifier") -> Step:
    return Step("review", day, text=comment, score=score, actor=actor)


def measure(day: int, text: str, due: int | None = None) -> Step:
    return Step("measure", day, text=text, due=due)


def redate(day: int, due: int, reason: str) -> Step:
    return Step("redate", day, text=reason, due=due)


def photo(name: str, title: str, *lines: str) -> FileSpec:
    return FileSpec(name, title, lines)


def pdf(name: str, title: str, *lines: str) -> FileSpec:
    return FileSpec(name, title, lines, pdf=True)
