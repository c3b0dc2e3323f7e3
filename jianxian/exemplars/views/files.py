"""Photos, served only after the access check: never straight from MEDIA_URL.

Anyone may fetch a photo of a published public exemplar (the portal shows it); any
other photo needs a user who sees its exemplar, and is a 404 for everyone else.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from jianxian.exemplars import access

# Browsers may keep a copy for the user; shared caches may not (a draft's photo is
# not public).
CACHE_CONTROL = "private, max-age=3600"


def _serve(request: HttpRequest, pk: int, *, thumbnail: bool) -> FileResponse:
    photo = access.get_photo_for_user(request.user, pk)
    stored = photo.thumbnail if thumbnail else photo.image
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The photo file is missing.") from None
    response = FileResponse(handle, content_type=photo.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Disposition"] = "inline"
    return response


@require_safe
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    return _serve(request, pk, thumbnail=False)


@require_safe
def photo_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    return _serve(request, pk, thumbnail=True)
