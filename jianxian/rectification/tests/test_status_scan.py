"""One way in (DESIGN.md §4): no module outside ``jianxian/rectification/actions/`` writes
``Problem.status``. The application's code is parsed (not grepped) and every way of
writing the column is looked for:

* ``obj.status = …`` (also ``+=`` and annotated), ``setattr(obj, "status", …)``;
* a write call — ``update``, ``create``, ``get_or_create``, ``update_or_create``,
  ``bulk_create``, ``bulk_update``, ``save`` — given ``status=``, ``**{"status": …}``,
  ``defaults={"status": …}``, or ``"status"`` among its field names;
* ``Problem(status=…)``;
* raw SQL that updates or inserts into ``rectification_problem`` and names ``status``.

Only modules that mention the rectification app or ``Problem`` are checked, so other
apps' own workflows (``Exemplar.status``) are not reported. Tests (which write bad rows
on purpose) and ``bench/`` (which bulk-loads generated data) are outside the scan. The
scanner is tested on snippets first, so a scan that finds nothing means something.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]  # the repository
APP_CODE = ROOT / "jianxian"
ALLOWED = APP_CODE / "rectification" / "actions"
WRITE_METHODS = {
    "update",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "save",
    "aupdate",
    "acreate",
    "aget_or_create",
    "aupdate_or_create",
    "abulk_create",
    "abulk_update",
    "asave",
}
FIELD_KEYWORDS = ("defaults", "create_defaults", "update_fields", "fields")
RELATED = re.compile(r"rectification|\bProblem\b")
RAW_SQL = re.compile(
    r"(?is)\b(update\s+[\"`]?rectification_problem\b.*\bstatus\b"
    r"|insert\s+into\s+[\"`]?rectification_problem\b.*\bstatus\b)"
)


def _mentions_status(node: ast.AST) -> bool:
    """A dict literal with a "status" key, or a list/tuple/set naming "status"."""
    if isinstance(node, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value == "status" for k in node.keys)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return any(isinstance(e, ast.Constant) and e.value == "status" for e in node.elts)
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def status_writes(source: str, filename: str = "<snippet>") -> list[str]:
    """Where ``source`` writes a status, as ``file:line: what``."""
    found: list[str] = []
    tree = ast.parse(source, filename)

    def hit(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr == "status":
                        hit(node, "assigns .status")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "setattr" and len(node.args) >= 2:
                attr = node.args[1]
                if isinstance(attr, ast.Constant) and attr.value == "status":
                    hit(node, 'setattr(…, "status", …)')
            if name in WRITE_METHODS or name == "Problem":
                for keyword in node.keywords:
                    if keyword.arg == "status":
                        hit(node, f"{name}(status=…)")
                    elif keyword.arg is None and _mentions_status(keyword.value):
                        hit(node, f'{name}(**{{"status": …}})')
                    elif keyword.arg in FIELD_KEYWORDS and _mentions_status(keyword.value):
                        hit(node, f'{name}({keyword.arg}=…"status"…)')
                if name in ("bulk_update", "abulk_update") and any(
                    _mentions_status(arg) for arg in node.args[1:]
                ):
                    hit(node, 'bulk_update(…, ["status"])')
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and RAW_SQL.search(node.value)
        ):
            hit(node, "raw SQL writing rectification_problem.status")
    return found


def scanned_files() -> list[Path]:
    files = []
    for path in sorted(APP_CODE.rglob("*.py")):
        relative = path.relative_to(APP_CODE).parts
        if "tests" in relative or path.is_relative_to(ALLOWED):
            continue
        files.append(path)
    return files


# --- The scanner finds what it must, and nothing else -------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "problem.status = 'closed'",
        "self.problem.status = Problem.Status.CLOSED",
        "problem.status += 'x'",
        "problem.status: str = 'closed'",
        "a = problem.status = 'closed'",
        "setattr(problem, 'status', 'closed')",
        "Problem.objects.filter(pk=1).update(status='closed')",
        "Problem.objects.filter(pk=1).update(version=2, **{'status': 'closed'})",
        "await Problem.objects.filter(pk=1).aupdate(status='closed')",
        "Problem.objects.create(title='x', status='closed')",
        "Problem.objects.update_or_create(pk=1, defaults={'status': 'closed'})",
        "Problem.objects.bulk_update(rows, ['status', 'version'])",
        "problem.save(update_fields=['status'])",
        "Problem(title='x', status='closed').save()",
        "cursor.execute('UPDATE rectification_problem SET status = %s WHERE id = %s')",
        'cursor.execute(\'update "rectification_problem"\\n set "status" = 1\')',
        "sql = 'INSERT INTO rectification_problem (title, status) VALUES (%s, %s)'",
    ],
)
def test_the_scanner_catches(snippet):
    assert status_writes(snippet), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "Problem.objects.filter(status='closed').count()",
        "problem.status == 'closed'",
        "x = problem.status",
        "context = {'status': problem.status}",
        "Problem.objects.exclude(status='closed').order_by('status')",
        "actions.close_problem(actor=user, problem=problem, score=90, comment='好')",
        "status = models.CharField(max_length=20)",
        "cursor.execute('SELECT status FROM rectification_problem')",
        "Problem.objects.values('status').annotate(n=Count('pk'))",
    ],
)
def test_the_scanner_leaves_reads_alone(snippet):
    assert status_writes(snippet) == [], snippet


def test_the_scanner_sees_the_writes_the_actions_make():
    # Proof that the scan works on the real code: the actions do write the status.
    workflow = (ALLOWED / "workflow.py").read_text(encoding="utf-8")
    assert status_writes(workflow)


# --- The scan itself ------------------------------------------------------------------


def test_no_module_outside_the_actions_writes_a_problems_status():
    files = scanned_files()
    names = {p.relative_to(APP_CODE).as_posix() for p in files}
    # It covers the application, this app's other modules included.
    assert len(files) > 50
    assert {"rectification/admin.py", "rectification/access.py"} <= names
    assert "rectification/actions/workflow.py" not in names
    offences: list[str] = []
    related = 0
    for path in files:
        source = path.read_text(encoding="utf-8")
        if not RELATED.search(source):
            continue
        related += 1
        offences += status_writes(source, str(path.relative_to(ROOT)))
    assert related >= 5  # the models, admin, access, demo, tasks at least
    assert offences == [], "Problem.status is written outside rectification.actions:\n" + "\n".join(
        offences
    )


def test_templates_and_api_code_are_python_or_html_only():
    # Raw SQL could hide in a .sql file: there must be none writing the problems table.
    for path in APP_CODE.rglob("*.sql"):
        assert not RAW_SQL.search(path.read_text(encoding="utf-8")), path
