"""The Excel pages (/exemplars/import/, the template, /exemplars/export.xlsx) and the API
(/api/v1/exemplars/import, /export, /import/template)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jianxian.core.models import Event
from jianxian.exemplars.models import Deed, Exemplar
from jianxian.exemplars.tests.factories import make_published, make_ready
from jianxian.exemplars.tests.test_spreadsheet import (
    EXEMPLAR_HEAD,
    GOOD,
    make_coded_cast,
    workbook,
)

pytestmark = pytest.mark.django_db

EX = "/api/v1/exemplars"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAD: dict[str, list[list[Any]]] = {
    **GOOD,
    "典型": [*GOOD["典型"], [None, "坏行", "个人", "XF", "社区", "银河级", "", ""]],
}


@pytest.fixture
def cast():
    return make_coded_cast()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are asserted in English
    return client


def upload(data: bytes, name: str = "exemplars.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def sheet_rows(response: Any, sheet: str) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(response.getvalue()))
    return list(book[sheet].iter_rows(values_only=True))


# --- Pages ----------------------------------------------------------------------


def test_the_import_page_is_for_those_who_add_exemplars(cast):
    page = signed_in(cast.organizer).get(reverse("exemplars:import"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="import-form"' in text and reverse("exemplars:import_template") in text
    assert signed_in(cast.member).get(reverse("exemplars:import")).status_code == 403
    assert signed_in(cast.verifier).get(reverse("exemplars:import")).status_code == 403


def test_check_only_reports_counts_and_writes_nothing(cast):
    response = signed_in(cast.organizer).post(
        reverse("exemplars:import"), {"file": upload(workbook(GOOD)), "action": "check"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="import-check-result"' in text
    assert "Exemplars: 2 new, 0 changed, 0 unchanged." in text
    assert not Exemplar.objects.exists()


def test_import_redirects_to_the_list_with_the_counts(cast):
    client = signed_in(cast.organizer)
    response = client.post(
        reverse("exemplars:import"), {"file": upload(workbook(GOOD)), "action": "import"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("exemplars:list")
    assert Exemplar.objects.filter(status="draft").count() == 2
    page = client.get(reverse("exemplars:list"))
    text = page.content.decode()
    assert "The workbook was imported." in text and "Deeds: 3 new" in text
    assert "周海燕" in text


def test_bad_rows_are_listed_in_a_table_and_nothing_is_written(cast):
    response = signed_in(cast.organizer).post(
        reverse("exemplars:import"), {"file": upload(workbook(BAD)), "action": "import"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="import-errors"' in text
    assert text.count('data-testid="import-error"') == 1
    assert "Unknown level “银河级”" in text and ">4<" in text and "层级" in text
    assert "nothing was imported" in text
    assert not Exemplar.objects.exists()


def test_a_file_that_is_no_workbook_is_a_form_error(cast):
    response = signed_in(cast.organizer).post(
        reverse("exemplars:import"),
        {"file": upload(b"PK\x03\x04 not really", "fake.xlsx"), "action": "import"},
    )
    assert response.status_code == 200
    assert 'data-testid="error-file"' in response.content.decode()
    assert "not an Excel workbook" in response.content.decode()


def test_template_download(cast):
    response = signed_in(cast.member).get(reverse("exemplars:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "exemplars-template.xlsx" in response["Content-Disposition"]
    assert sheet_rows(response, "典型") == [tuple(EXEMPLAR_HEAD)]


def test_export_follows_the_list_filters_and_visibility(cast):
    make_published(cast.unit, "李正峰", field="education")
    make_published(cast.unit, "王芳", field="community")
    make_ready(cast.unit, "张草稿")
    make_published(cast.tree.village, "西岭村典型")
    member = signed_in(cast.member)
    names = {row[1] for row in sheet_rows(member.get(reverse("exemplars:export")), "典型")[1:]}
    assert names == {"李正峰", "王芳"}  # no draft, nothing of the other district
    filtered = member.get(reverse("exemplars:export"), {"field": "education"})
    assert filtered["Content-Disposition"].startswith('attachment; filename="exemplars-')
    assert [row[1] for row in sheet_rows(filtered, "典型")[1:]] == ["李正峰"]
    organizer = signed_in(cast.organizer).get(reverse("exemplars:export"), {"q": "张草稿"})
    assert [row[1] for row in sheet_rows(organizer, "典型")[1:]] == ["张草稿"]


def test_the_list_links_to_import_and_export(cast):
    text = signed_in(cast.organizer).get(reverse("exemplars:list"), {"kind": "person"})
    html = text.content.decode()
    assert 'data-testid="import-exemplars"' in html
    assert f'href="{reverse("exemplars:export")}?kind=person"' in html
    member = signed_in(cast.member).get(reverse("exemplars:list")).content.decode()
    assert 'data-testid="import-exemplars"' not in member
    assert 'data-testid="export-excel"' in member
    # An htmx search refreshes the export link out of band.
    fragment = signed_in(cast.member).get(
        reverse("exemplars:list"),
        {"q": "李"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    assert 'hx-swap-oob="true"' in fragment.content.decode()
    assert "?q=%E6%9D%8E" in fragment.content.decode()


# --- API ----------------------------------------------------------------------------


def test_api_import_counts_and_dry_run(cast):
    client = signed_in(cast.organizer)
    checked = client.post(f"{EX}/import", {"file": upload(workbook(GOOD)), "dry_run": "true"})
    assert checked.status_code == 200, checked.content
    assert checked.json()["dry_run"] is True and checked.json()["exemplars_created"] == 2
    assert not Exemplar.objects.exists()
    done = client.post(f"{EX}/import", {"file": upload(workbook(GOOD))})
    assert done.status_code == 200
    body = done.json()
    assert (body["exemplars_created"], body["deeds_created"], body["honours_created"]) == (2, 3, 2)
    assert body["message"].startswith("The workbook was imported.")
    again = client.post(f"{EX}/import", {"file": upload(workbook(GOOD))}).json()
    assert again["exemplars_unchanged"] == 2 and again["deeds_created"] == 0


def test_api_import_lists_row_errors_with_422(cast):
    events = Event.objects.count()
    response = signed_in(cast.organizer).post(f"{EX}/import", {"file": upload(workbook(BAD))})
    assert response.status_code == 422
    body = response.json()
    assert "nothing was imported" in body["detail"]
    assert body["errors"] == [
        {
            "sheet": "典型",
            "row": 4,
            "column": "层级",
            "message": "Unknown level “银河级”; use one of: 单位、区县、市、省、国家.",
        }
    ]
    assert Event.objects.count() == events and not Deed.objects.exists()


def test_api_import_refusals(cast):
    assert signed_in(cast.member).post(f"{EX}/import").status_code == 403
    missing = signed_in(cast.organizer).post(f"{EX}/import")
    assert missing.status_code == 400 and "file" in missing.json()["detail"]
    not_xlsx = signed_in(cast.organizer).post(f"{EX}/import", {"file": upload(b"a,b\n1,2\n")})
    assert not_xlsx.status_code == 400
    assert "not an Excel workbook" in not_xlsx.json()["detail"]
    assert Client().post(f"{EX}/import").status_code == 401


def test_api_export_uses_the_list_filters(cast):
    make_published(cast.unit, "李正峰", field="education")
    make_published(cast.unit, "王芳", field="community")
    client = signed_in(cast.member)
    everything = client.get(f"{EX}/export")
    assert everything.status_code == 200 and everything["Content-Type"] == XLSX
    assert {row[1] for row in sheet_rows(everything, "典型")[1:]} == {"李正峰", "王芳"}
    filtered = client.get(f"{EX}/export", {"field": "community"})
    assert [row[1] for row in sheet_rows(filtered, "典型")[1:]] == ["王芳"]
    found = client.get(f"{EX}/export", {"q": "王"})
    assert [row[1] for row in sheet_rows(found, "典型")[1:]] == ["王芳"]
    assert Client().get(f"{EX}/export").status_code == 401


def test_api_template(cast):
    response = signed_in(cast.member).get(f"{EX}/import/template")
    assert response.status_code == 200
    assert sheet_rows(response, "典型") == [tuple(EXEMPLAR_HEAD)]


def test_api_export_then_import_round_trips(cast):
    client = signed_in(cast.organizer)
    client.post(f"{EX}/import", {"file": upload(workbook(GOOD))})
    data = client.get(f"{EX}/export").getvalue()
    result = client.post(f"{EX}/import", {"file": upload(data)}).json()
    assert result["exemplars_unchanged"] == 2 and result["deeds_unchanged"] == 3
    assert result["exemplars_created"] == result["deeds_created"] == result["honours_created"] == 0
