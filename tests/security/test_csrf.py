"""Unsafe requests from a browser session (or an anonymous HTML form) need the CSRF
token. Every unsafe rule of the matrix that some role is allowed is replayed here,
for each such role, without the token: it must be refused with 403. The matrix itself
sends the token and so shows that the token is all that differs."""

from __future__ import annotations

import pytest

from tests.security.cases import CASES
from tests.security.matrix import SAFE_METHODS, Case, perform


def _browser_cases() -> list[Case]:
    cases = []
    for case in CASES:
        if case.rule.method in SAFE_METHODS or not case.expected.allowed:
            continue
        if case.auth == "token" or (case.endpoint.is_api and case.auth == "none"):
            continue  # no cookies, nothing to forge: they are covered by the matrix
        cases.append(case)
    return cases


BROWSER_CASES = _browser_cases()


def test_there_are_unsafe_routes_to_check():
    kinds = {(case.endpoint.is_api, case.auth) for case in BROWSER_CASES}
    assert (True, "session") in kinds  # API calls from a signed-in page
    assert (False, "session") in kinds  # HTML forms of signed-in users
    assert (False, "none") in kinds  # the sign-in and language forms


@pytest.mark.parametrize("case", BROWSER_CASES, ids=[case.id for case in BROWSER_CASES])
def test_unsafe_request_without_csrf_token_is_refused(case: Case, shared_world, csrf_client):
    result = perform(csrf_client, case, shared_world, csrf=False)
    response = result.response
    assert response.status_code == 403, (
        f"{case.role} sent {case.rule.describe()} without a CSRF token and got "
        f"{response.status_code}: it must be refused"
    )
    if case.endpoint.is_api:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


def test_token_clients_need_no_csrf_token(shared_world, csrf_client):
    """A Bearer token is not sent by browsers on their own, so it needs no CSRF token."""
    response = csrf_client.post(
        "/api/v1/tokens",
        data={"name": "from a script"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {shared_world.tokens['staff']}"},
    )
    assert response.status_code == 201, response.content


def test_a_bad_token_does_not_open_the_session_path(shared_world, csrf_client):
    """With a session cookie and a wrong token, the session still needs its CSRF token."""
    csrf_client.force_login(
        shared_world.users["staff"], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = csrf_client.post(
        "/api/v1/tokens",
        data={"name": "forged"},
        content_type="application/json",
        headers={"Authorization": "Bearer jx_not-a-real-token"},
    )
    assert response.status_code == 403, response.content
