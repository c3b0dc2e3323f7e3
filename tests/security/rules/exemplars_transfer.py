"""Excel import and export of exemplars: the pages (jianxian/exemplars/views/transfer.py)
and the API routes (jianxian/exemplars/api/transfer.py).

Whoever may add exemplars somewhere (organizer, unit admins) may import; plain staff and
the other district's staff may not (403). Anyone signed in may download the template and
export what they see. The page's POST sends a one-row workbook for the target unit
(code QZ-DC-GBC), so an importer is sent back to the list; the API's POST sends no
file, so an importer is told to choose one (400): imports themselves are tested in
jianxian/exemplars/tests.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from tests.security.matrix import LOGIN, Ctx, Redirect, Rule, everyone, roles

EX = "/api/v1/exemplars"
SIGNED_IN = everyone(200, anonymous=LOGIN)
API_SIGNED_IN = everyone(200, anonymous=401)


def importers(allowed: Any, *, anonymous: Any = LOGIN) -> dict[str, Any]:
    return roles(
        anonymous=anonymous,
        other_district=403,
        staff=403,
        organizer=allowed,
        parent_admin=allowed,
        city_admin=allowed,
    )


def import_form(ctx: Ctx) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "典型"
    sheet.append(["编号", "名称", "类型", "所属单位代码", "领域", "层级"])
    sheet.append([None, "矩阵导入典型", "个人", ctx.world.unit.code, "政务治理", "区县"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile(
        "matrix.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return {"file": upload, "action": "import"}


RULES = [
    Rule("exemplars:import", "GET", importers(200)),
    Rule(
        "exemplars:import",
        "POST",
        importers(Redirect("exemplars:list")),
        data=import_form,
    ),
    Rule("exemplars:import_template", "GET", SIGNED_IN),
    Rule("exemplars:export", "GET", SIGNED_IN),
    Rule(
        "exemplars:export",
        "GET",
        SIGNED_IN,
        query=lambda ctx: {"q": "幹部", "kind": "person", "status": "draft"},
        label="with filters",
    ),
    Rule(f"{EX}/import", "POST", importers(400, anonymous=401)),
    Rule(f"{EX}/export", "GET", API_SIGNED_IN),
    Rule(
        f"{EX}/export",
        "GET",
        API_SIGNED_IN,
        query=lambda ctx: {"q": "幹部", "kind": "person", "unit": ctx.world.unit.pk},
        label="with filters",
    ),
    Rule(f"{EX}/import/template", "GET", API_SIGNED_IN),
]
