"""The rectification ledger's documents: the 整改台账 exported to Excel and to PDF, and
a problem list (问题清单) imported from Excel.

* ``write_ledger_xlsx`` streams the usual layout (序号, 问题描述, 整改措施, 责任单位,
  责任人, 完成时限, 整改进展, 完成情况, then 类别, 来源, 状态) with openpyxl's write-only
  mode, reading the problems in chunks (``rows``); cells never hold live formulas.
* ``render_ledger_pdf`` renders the same table with WeasyPrint (landscape A4, the
  header repeated, page numbers, Noto Sans CJK embedded), fetching nothing, up to
  ``PDF_MAX_ROWS`` problems.
* ``import_problems`` reads a problem list all or nothing (``LedgerInvalid`` lists
  every bad cell) and creates drafts with their measures through the actions;
  ``write_import_template`` writes the sheet to fill in, with its 说明 notes.

Callers pass problems already narrowed to what the user may see
(``Problem.objects.visible_to(user)`` and the ledger's filters).
"""

from jianxian.rectification.ledger.excel import (
    SHEET_NAME,
    ledger_file,
    ledger_filename,
    write_ledger_xlsx,
)
from jianxian.rectification.ledger.importer import (
    ImportResult,
    LedgerInvalid,
    Skipped,
    can_import,
    import_problems,
)
from jianxian.rectification.ledger.pdf import (
    PDF_MAX_ROWS,
    DataOnlyFetcher,
    LedgerTooLarge,
    check_pdf_size,
    render_ledger_pdf,
)
from jianxian.rectification.ledger.reader import MAX_ROWS
from jianxian.rectification.ledger.rows import HEADERS, LedgerRow, ledger_rows
from jianxian.rectification.ledger.template import (
    TEMPLATE_NAME,
    template_file,
    write_import_template,
)

__all__ = [
    "HEADERS",
    "MAX_ROWS",
    "PDF_MAX_ROWS",
    "SHEET_NAME",
    "TEMPLATE_NAME",
    "DataOnlyFetcher",
    "ImportResult",
    "LedgerInvalid",
    "LedgerRow",
    "LedgerTooLarge",
    "Skipped",
    "can_import",
    "check_pdf_size",
    "import_problems",
    "ledger_file",
    "ledger_filename",
    "ledger_rows",
    "render_ledger_pdf",
    "template_file",
    "write_import_template",
    "write_ledger_xlsx",
]
