"""Language selection: Simplified Chinese unless the reader chose otherwise."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

TRADITIONAL_BROWSER_TAGS = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")


def choose_language(request: HttpRequest) -> str:
    """The language switch's cookie wins; a browser set to Traditional Chinese gets
    zh-hant; everyone else gets the default, zh-hans. English is by choice only."""
    supported = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
    if chosen in supported:
        return chosen
    accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "").lower()
    first = accept.split(",")[0].split(";")[0].strip()
    if first.startswith(TRADITIONAL_BROWSER_TAGS):
        return "zh-hant"
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
