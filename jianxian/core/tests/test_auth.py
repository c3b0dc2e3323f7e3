"""Sign-in, sign-out, password change, lockout after failures, sessions, language."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from jianxian.core.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Sign-ins here check passwords dozens of times; a real hasher would take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def html_lang(response) -> str:
    content = response.content.decode()
    start = content.index("<html lang=") + len('<html lang="')
    return content[start : content.index('"', start)]


# --- Sign in and out ------------------------------------------------------------


def test_home_needs_sign_in():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_login_page_renders():
    response = Client().get("/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


def test_login_and_logout():
    make_user("wangxm")
    client = Client()
    response = sign_in(client, "wangxm")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200

    assert client.get("/logout/").status_code == 405  # sign-out is a POST
    assert client.get("/").status_code == 200
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_login_follows_next():
    make_user("wangxm")
    response = Client().post(
        "/login/", {"username": "wangxm", "password": PASSWORD, "next": "/org/"}
    )
    assert response["Location"] == "/org/"
    evil = Client().post(
        "/login/", {"username": "wangxm", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


def test_wrong_password_shows_a_clear_message():
    make_user("wangxm")
    response = sign_in(Client(), "wangxm", "wrong-password")
    assert response.status_code == 200
    message = gettext(
        "Wrong username or password. Note that repeated failures lock the account for a while."
    )
    assert message in response.content.decode()


def test_inactive_user_cannot_sign_in():
    make_user("gone", is_active=False)
    client = Client()
    assert sign_in(client, "gone").status_code == 200
    assert client.get("/").status_code == 302


# --- Password change ------------------------------------------------------------


def test_password_change_flow():
    user = make_user("wangxm")
    client = Client()
    assert sign_in(client, "wangxm").status_code == 302
    assert client.get("/account/password/").status_code == 200

    wrong = client.post(
        "/account/password/",
        {
            "old_password": "nope",
            "new_password1": "Xin-mima-2025!",
            "new_password2": "Xin-mima-2025!",
        },
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["old_password"]

    mismatch = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "Xin-mima-2025!", "new_password2": "other"},
    )
    assert mismatch.context["form"].errors["new_password2"]

    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.context["form"].errors["new_password2"]

    done = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2025!",
            "new_password2": "Xin-mima-2025!",
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/account/password/done/"
    assert b'data-testid="password-changed"' in done.content
    assert client.get("/").status_code == 200  # still signed in

    user.refresh_from_db()
    assert user.check_password("Xin-mima-2025!")
    fresh = Client()
    assert sign_in(fresh, "wangxm").status_code == 200  # the old password no longer works
    assert sign_in(fresh, "wangxm", "Xin-mima-2025!").status_code == 302


def test_password_change_needs_sign_in():
    response = Client().get("/account/password/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- Lockout (django-axes) --------------------------------------------------------


def lock_out(username: str, client: Client):
    responses = [
        sign_in(client, username, f"wrong-{n}") for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert all(r.status_code == 200 for r in responses[:-1])
    return responses[-1]


def test_account_locks_after_repeated_failures():
    make_user("victim")
    make_user("colleague")
    client = Client()
    last = lock_out("victim", client)
    assert last.status_code == 429

    # Even the right password is refused while the lock lasts, with the clear page.
    locked = sign_in(client, "victim")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'data-testid="locked-out"' in page
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext("Account temporarily locked") in page
    assert f"{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} " in page
    assert Client().get("/").status_code == 302

    # Other accounts from the same address are not affected.
    other = Client()
    assert sign_in(other, "colleague").status_code == 302
    assert other.get("/").status_code == 200


def test_lockout_page_in_english():
    make_user("victim")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    lock_out("victim", client)
    locked = sign_in(client, "victim")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert html_lang(locked) == "en"
    assert "Account temporarily locked" in page
    assert "Too many failed sign-in attempts for this account." in page


def test_success_resets_the_failure_count():
    make_user("forgetful")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "forgetful", f"wrong-{n}")
    assert sign_in(client, "forgetful").status_code == 302
    client.post("/logout/")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "forgetful", f"wrong-{n}").status_code == 200
    assert sign_in(client, "forgetful").status_code == 302


# --- Sessions ---------------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 60 <= settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_every_request_pushes_the_idle_expiry():
    client = Client()
    client.force_login(make_user("wangxm"))
    response = client.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


def test_idle_session_expires():
    client = Client()
    client.force_login(make_user("wangxm"))
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/").status_code == 302


# --- Language -----------------------------------------------------------------------


def test_default_language_is_simplified_chinese():
    client = Client()
    client.force_login(make_user("wangxm"))
    assert html_lang(client.get("/")) == "zh-hans"


@pytest.mark.parametrize("language", ["zh-hant", "en", "zh-hans"])
def test_language_switch(language):
    client = Client()
    client.force_login(make_user("wangxm"))
    response = client.post("/i18n/setlang/", {"language": language, "next": "/org/"})
    assert response.status_code == 302 and response["Location"] == "/org/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert html_lang(client.get("/org/")) == language


def test_language_switch_on_the_login_page():
    client = Client()
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/login/"})
    page = client.get("/login/")
    assert html_lang(page) == "zh-hant"
    with translation.override("zh-hant"):
        assert gettext("Sign in to your account") in page.content.decode()


def test_unknown_language_is_ignored():
    client = Client()
    client.force_login(make_user("wangxm"))
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert html_lang(client.get("/")) == "zh-hans"


def test_browser_set_to_traditional_chinese_gets_zh_hant():
    client = Client(headers={"Accept-Language": "zh-TW,zh;q=0.8"})
    client.force_login(make_user("wangxm"))
    assert html_lang(client.get("/")) == "zh-hant"


def test_simplified_chinese_is_the_default_whatever_else_the_browser_says():
    english = Client(headers={"Accept-Language": "en-GB,en;q=0.9"})
    english.force_login(make_user("smith"))
    assert html_lang(english.get("/")) == "zh-hans"
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert html_lang(english.get("/")) == "en"
