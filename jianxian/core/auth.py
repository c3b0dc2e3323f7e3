"""API authentication: the browser session, or a personal token as a Bearer header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from jianxian.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        row = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session, CSRF-checked on unsafe requests. Without a signed-in
    session it passes, so an anonymous caller gets 401 rather than a CSRF failure."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


# The token goes first: the session check refuses unsafe requests without a CSRF token
# outright, which would stop a script's Bearer-authenticated POST before its token was
# looked at. Without an Authorization header TokenAuth passes, and the session decides.
API_AUTH = [TokenAuth(), BrowserSessionAuth()]
