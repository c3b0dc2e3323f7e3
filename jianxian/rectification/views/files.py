"""Evidence files, served only after the access check: never straight from MEDIA_URL.

Photos (re-encoded without metadata when they were attached) are shown inline, so a
thumbnail opens the photo; documents are downloaded. The stored media type is sent as
it is (never sniffed), with the name the user gave the file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from jianxian.rectification import access

# Browsers may keep a copy for the user; shared caches may not.
CACHE_CONTROL = "private, max-age=3600"


@login_required
@require_safe
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = access.get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The evidence file is missing.") from None
    response = FileResponse(
        handle,
        content_type=evidence.media_type,
        as_attachment=not evidence.is_image,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = CACHE_CONTROL
    return response
