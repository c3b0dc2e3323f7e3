"""The 整改台账 as a PDF, rendered by WeasyPrint from ``rectification/ledger_pdf.html``.

Landscape A4, the table header repeated on every page, "第 N 页 共 M 页" at the foot,
Noto Sans CJK (Debian's fonts-noto-cjk) embedded as a subset, so the file reads the same
on any machine and its Chinese text can be searched and copied. The renderer fetches
nothing: its URL fetcher refuses every URL but inline ``data:`` ones, so text in a
problem can never make the server load a file or call out to the network.

A PDF is for printing and filing, and slow to lay out: about six problems fill a page
and WeasyPrint spends some 25–50 ms on each, mostly breaking the Chinese text into
lines (on the 2-core bench machine under load, 500 problems took 24 s and 2,000 three
minutes). Past ``PDF_MAX_ROWS`` problems (about 50 pages, 10–15 s there) the ledger is
refused with a message pointing to the Excel export, which streams any length.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from jianxian.core.errors import ActionError
from jianxian.rectification.ledger.excel import generated_line
from jianxian.rectification.ledger.rows import HEADERS, ledger_rows
from jianxian.rectification.models import Problem

PDF_MAX_ROWS = 300
TEMPLATE = "rectification/ledger_pdf.html"
FONT_FAMILY = "Noto Sans CJK SC"


class LedgerTooLarge(ActionError):
    """More problems than a PDF ledger holds; nothing was rendered (HTTP 400)."""


class DataOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URLs only; any other URL (``file:``, ``http:``…) is refused and
    remembered in ``refused``, so that a test can see what was asked for."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"The ledger PDF fetches no external resources: {url[:80]}")
        return super().fetch(url, headers)


def check_pdf_size(problems: QuerySet[Problem]) -> int:
    """The number of problems, or ``LedgerTooLarge`` when a PDF would hold too many."""
    count = problems.count()
    if count > PDF_MAX_ROWS:
        raise LedgerTooLarge(
            _(
                "The ledger has %(count)d problems; a PDF holds at most %(max)d. Narrow "
                "the filters, or export it to Excel, which holds any number."
            )
            % {"count": count, "max": PDF_MAX_ROWS}
        )
    return count


def ledger_html(problems: QuerySet[Problem], *, title: str, today: datetime.date) -> str:
    """The HTML the PDF is rendered from (checked for its size first)."""
    count = check_pdf_size(problems)
    return render_to_string(
        TEMPLATE,
        {
            "title": title,
            "generated": generated_line(today, count),
            "headers": HEADERS,
            "rows": ledger_rows(problems, today=today),
            "font_family": FONT_FAMILY,
        },
    )


def render_ledger_pdf(
    problems: QuerySet[Problem],
    *,
    title: str,
    today: datetime.date,
    fetcher: DataOnlyFetcher | None = None,
) -> bytes:
    """The ledger of ``problems`` (already narrowed to what the reader may see, in the
    order wanted) as PDF bytes. Raises ``LedgerTooLarge`` past ``PDF_MAX_ROWS``."""
    html = ledger_html(problems, title=title, today=today)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher or DataOnlyFetcher())
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf
