"""The rectification ledger's documents (jianxian/rectification/views/transfer.py): the
Excel and PDF export of the ledger, the problem-list import and its template.

Anyone signed in may export the ledger: it holds only the problems they see (none,
for most roles of the world), for the same filters as the ledger page. Whoever runs a
problem list somewhere (organizer, unit admins) may import; plain staff and the other
district's staff may not (403). The import's POST sends a one-row problem list for the
target unit (code QZ-DC-GBC, responsible GBC-001), so an importer is sent to the
ledger's drafts; imports themselves are tested in jianxian/rectification/tests.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from tests.security.matrix import LOGIN, Ctx, Redirect, Rule, everyone, roles

SIGNED_IN = everyone(200, anonymous=LOGIN)


def importers(allowed: Any) -> dict[str, Any]:
    return roles(
        anonymous=LOGIN,
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
    sheet.title = "问题清单"
    sheet.append(
        ["问题标题", "类别", "来源类型", "整改类型", "责任单位代码", "责任人工号", "完成时限"]
    )
    sheet.append(["矩阵导入的问题", "作风形象", "自查自纠", "限期整改", ctx.world.unit.code,
                  "GBC-001", "2030-06-30"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile(
        "matrix.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return {"file": upload, "action": "import"}


def ledger_filters(ctx: Ctx) -> dict[str, Any]:
    return {"status": "draft", "overdue": "yes", "unit": ctx.world.unit.pk, "q": "幹部"}


RULES = [
    Rule("rectification:export_xlsx", "GET", SIGNED_IN),
    Rule("rectification:export_xlsx", "GET", SIGNED_IN, query=ledger_filters, label="filtered"),
    Rule("rectification:export_pdf", "GET", SIGNED_IN),
    Rule("rectification:export_pdf", "GET", SIGNED_IN, query=ledger_filters, label="filtered"),
    Rule("rectification:import", "GET", importers(200)),
    Rule(
        "rectification:import",
        "POST",
        importers(Redirect("rectification:ledger")),
        data=import_form,
    ),
    Rule("rectification:import_template", "GET", SIGNED_IN),
]
