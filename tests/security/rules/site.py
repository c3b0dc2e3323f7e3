"""Routes of config/urls.py outside the apps: home, sign-in, sign-out, password, language."""

from tests.security.matrix import LOGIN, Redirect, Rule, everyone, roles

WRONG_PASSWORD = {"username": "target_staff", "password": "not-the-password"}
BAD_PASSWORD_CHANGE = {
    "old_password": "not-the-password",
    "new_password1": "Another-pass-2024",
    "new_password2": "Another-pass-2024",
}

SIGNED_IN = everyone(200, anonymous=LOGIN)

RULES = [
    Rule("home", "GET", SIGNED_IN),
    # Signed-in users are sent home from the sign-in page.
    Rule("login", "GET", everyone(Redirect("home"), anonymous=200)),
    Rule(
        "login",
        "POST",
        everyone(Redirect("home"), anonymous=200),
        data=lambda ctx: WRONG_PASSWORD,
        label="wrong password",
    ),
    # Signing out is a POST (a link cannot sign anyone out).
    Rule("logout", "GET", everyone(405)),
    Rule("logout", "POST", everyone(Redirect("login"))),
    Rule("password_change", "GET", SIGNED_IN),
    Rule(
        "password_change",
        "POST",
        SIGNED_IN,  # re-shown with the error: the old password is wrong
        data=lambda ctx: BAD_PASSWORD_CHANGE,
        label="wrong old password",
    ),
    Rule("password_change_done", "GET", SIGNED_IN),
    Rule(
        "set_language",
        "POST",
        roles(
            anonymous=Redirect("/org/"),
            other_district=Redirect("/org/"),
            staff=Redirect("/org/"),
            organizer=Redirect("/org/"),
            parent_admin=Redirect("/org/"),
            city_admin=Redirect("/org/"),
        ),
        data=lambda ctx: {"language": "zh-hant", "next": "/org/"},
    ),
]
