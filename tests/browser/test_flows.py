"""The main flows in a real Chromium: sign in, switch script, browse, search, tokens,
lockout. Key pages are saved as full-page screenshots under test-artifacts/."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from jianxian.core.forms import LoginForm
from jianxian.core.models import ApiToken
from tests.browser.conftest import HAN, screenshot, sign_in, submit_login
from tests.world import TARGET_UNIT_NAME, TARGET_UNIT_NAME_HANT

pytestmark = pytest.mark.browser


def ui(message: str, language: str = "zh-hans") -> str:
    """A UI string as the app shows it in ``language``; it must really be Chinese."""
    with translation.override(language):
        text = gettext(message)
    assert HAN.search(text), f"no {language} translation for the UI string {message!r}"
    return text


def test_sign_in_shows_the_error_then_lands_home(page, live_world, live_server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    submit_login(page, "target_staff", "not-the-password")
    error = page.get_by_test_id("login-error")
    expect(error).to_be_visible()
    with translation.override("zh-hans"):
        message = str(LoginForm.error_messages["invalid_login"])
    assert HAN.search(message), "the wrong-password message has no zh-Hans translation"
    expect(error).to_contain_text(message)
    screenshot(page, "login-error")

    # The form comes back with the username kept; the right password goes on to ?next=/.
    expect(page.locator("#id_username")).to_have_value("target_staff")
    submit_login(page, "target_staff")
    expect(page).to_have_url(f"{live_server.url}/")
    my_units = page.get_by_test_id("my-units")
    expect(my_units).to_contain_text(TARGET_UNIT_NAME)
    expect(my_units).not_to_contain_text("西城区")
    screenshot(page, "home")


def test_traditional_chinese_converts_ui_and_content(page, live_world):
    sign_in(page, "target_staff")
    expect(page.get_by_test_id("my-units")).to_contain_text(TARGET_UNIT_NAME)
    expect(page.locator("body")).to_contain_text(ui("My units"))

    page.get_by_test_id("user-menu").click()
    switch = page.get_by_test_id("lang-zh-hant")
    expect(switch).to_have_text("繁體中文")
    switch.click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_test_id("my-units")).to_contain_text(TARGET_UNIT_NAME_HANT)
    my_units_hant = ui("My units", "zh-hant")
    assert my_units_hant != ui("My units"), "zh-Hant shows the zh-Hans string for 'My units'"
    expect(page.locator("body")).to_contain_text(my_units_hant)
    body = page.locator("body").inner_text()
    assert "乾部" not in body and TARGET_UNIT_NAME not in body
    screenshot(page, "home-zh-hant")

    page.get_by_role("link", name=TARGET_UNIT_NAME_HANT).first.click()
    expect(page.get_by_test_id("unit-name")).to_have_text(TARGET_UNIT_NAME_HANT)
    expect(page.get_by_test_id("sub-units")).to_contain_text("幹部監督科")
    expect(page.get_by_test_id("people-table")).to_contain_text("安曉梅")
    # The choice sticks: the next page is still in Traditional.
    page.goto("/org/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")


def _people_names(page) -> list[str]:
    return page.locator("[data-testid=people-table] tbody tr td:first-child").all_inner_texts()


def _people_pinyin(page) -> list[str]:
    return page.locator("[data-testid=people-table] tbody tr td:nth-child(2)").all_inner_texts()


def test_browse_the_tree_and_page_through_people(page, live_world):
    sign_in(page, "district_admin")
    page.goto("/org/")
    tree = page.get_by_test_id("unit-tree")
    # The roots of the reader's scope come open one level; deeper levels load on demand.
    expect(tree).to_contain_text("东城区")
    expect(tree).to_contain_text("东城区教育局")
    expect(tree).not_to_contain_text("西城区")
    expect(tree).not_to_contain_text("干部监督科")

    page.get_by_test_id(f"expand-{live_world.unit.pk}").click()  # htmx loads the children
    expect(tree.get_by_role("link", name="干部监督科")).to_be_visible()
    screenshot(page, "unit-tree")

    unit_link = tree.get_by_role("link", name=TARGET_UNIT_NAME, exact=True)
    unit_link.click()
    expect(page.get_by_test_id("unit-name")).to_have_text(TARGET_UNIT_NAME)
    rows = page.locator("[data-testid=people-table] tbody tr")
    expect(rows).to_have_count(settings.PAGE_SIZE)
    names, pinyin = _people_names(page), _people_pinyin(page)
    assert pinyin == sorted(pinyin), "people are not in pinyin order"
    assert names[:3] == ["安晓梅", "白建国", "蔡文静"]
    # The surname table: 单 reads shan (after qian), so it is not among the d's.
    assert names.index("钱伟民") + 1 == names.index("单晓光")
    assert "曾国华" not in names  # 曾 reads zeng: on the last page
    screenshot(page, "unit-people")

    page.get_by_test_id("next-page").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(rows).to_have_count(6)
    assert _people_names(page) == ["解文华", "杨帆", "曾国华", "张伟", "赵敏", "周杰"]
    assert _people_pinyin(page)[0] > pinyin[-1]


def test_search_by_pinyin_initials_and_open_the_person(page, live_world):
    sign_in(page, "target_staff")
    page.goto("/org/people/")
    search = page.get_by_test_id("person-search")
    search.fill("lzf")
    search.press("Enter")
    results = page.get_by_test_id("search-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("李正峰")
    expect(results).to_contain_text(TARGET_UNIT_NAME)
    screenshot(page, "people-search")

    results.get_by_role("link", name="李正峰").click()
    expect(page).to_have_url(re.compile(rf"/org/people/{live_world.person.pk}/$"))
    expect(page.get_by_test_id("person-name")).to_have_text("李正峰")
    expect(page.get_by_test_id("posts")).to_contain_text(TARGET_UNIT_NAME)
    screenshot(page, "person")


def test_create_an_api_token_and_see_its_secret_once(page, live_world, live_server, chromium):
    sign_in(page, "target_staff")
    page.goto("/account/tokens/")
    page.fill("#id_name", "我的脚本")
    page.locator("form:has(#id_name) button[type=submit]").click()
    secret_box = page.get_by_test_id("token-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.inner_text().strip()
    assert secret.startswith("jx_") and len(secret) > 30
    assert ApiToken.objects.filter(key_hash=ApiToken.hash_key(secret), name="我的脚本").exists()
    screenshot(page, "tokens-new")

    # The secret works as a Bearer token, from a client with no session at all.
    script = chromium.new_context(base_url=live_server.url)
    try:
        response = script.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert response.status == 200
        assert response.json()["username"] == "target_staff"
    finally:
        script.close()

    page.goto("/account/tokens/")
    expect(page.get_by_test_id("token-secret")).to_have_count(0)
    expect(page.get_by_test_id("tokens")).to_contain_text("我的脚本")
    expect(page.get_by_test_id("tokens")).to_contain_text(secret[:10])
    assert secret not in page.content()


def test_repeated_failures_lock_the_account(page, live_world):
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        sign_in(page, "target_staff", "wrong-password")
        expect(page.get_by_test_id("login-error")).to_be_visible()
    sign_in(page, "target_staff", "wrong-password")
    locked = page.get_by_test_id("locked-out")
    expect(locked).to_be_visible()

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    singular = "Too many failed sign-in attempts for this account. Try again in %(minutes)s minute."
    plural = "Too many failed sign-in attempts for this account. Try again in %(minutes)s minutes."
    with translation.override("zh-hans"):
        message = ngettext(singular, plural, minutes) % {"minutes": minutes}
    assert HAN.search(message), "the lockout message has no zh-Hans translation"
    expect(page.locator("body")).to_contain_text(message)
    expect(locked).to_contain_text(ui("Account temporarily locked"))
    screenshot(page, "locked-out")

    # Even the right password is refused while the lock lasts.
    sign_in(page, "target_staff")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
