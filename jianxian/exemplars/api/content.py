"""What an exemplar's page is made of: deeds, honours, sources and photos."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from jianxian.core.errors import ActionError
from jianxian.core.http import AuthedRequest
from jianxian.exemplars import access, actions
from jianxian.exemplars.api.routing import router
from jianxian.exemplars.api.schemas import (
    DeedIn,
    DeedOut,
    DeedUpdateIn,
    HonourIn,
    HonourOut,
    PhotoOut,
    PhotoUpdateIn,
    SourceIn,
    SourceOut,
)
from jianxian.exemplars.models import Deed, Honour, Photo, Source

# --- Deeds --------------------------------------------------------------------


@router.get("/{int:exemplar_id}/deeds", response=list[DeedOut])
@paginate(PageNumberPagination, page_size=50)
def list_deeds(request: AuthedRequest, exemplar_id: int):
    """The exemplar's stories as a timeline (undated ones last)."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id)
    return Deed.objects.filter(exemplar=exemplar)


@router.post("/{int:exemplar_id}/deeds", response={201: DeedOut})
def create_deed(request: AuthedRequest, exemplar_id: int, payload: DeedIn):
    """Add a story; ``body`` is plain text or HTML, ``body_html`` comes back sanitized."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id, write=True)
    deed = actions.add_deed(actor=request.user, exemplar=exemplar, **payload.dict())
    return Status(201, deed)


@router.get("/deeds/{int:deed_id}", response=DeedOut)
def get_deed(request: AuthedRequest, deed_id: int):
    return access.get_deed_for_user(request.user, deed_id)


@router.patch("/deeds/{int:deed_id}", response=DeedOut)
def update_deed(request: AuthedRequest, deed_id: int, payload: DeedUpdateIn):
    """Change the fields sent (``"date": null`` clears the date); a stale ``version``
    is 409."""
    deed = access.get_deed_for_user(request.user, deed_id, write=True)
    sent = payload.dict(exclude_unset=True)
    return actions.update_deed(
        actor=request.user,
        deed=deed,
        version=payload.version,
        title=deed.title if sent.get("title") is None else sent["title"],
        date=sent.get("date", deed.date),
        body=deed.body if sent.get("body") is None else sent["body"],
    )


@router.delete("/deeds/{int:deed_id}", response={204: None})
def delete_deed(request: AuthedRequest, deed_id: int):
    """Remove a story with its photos and sources."""
    deed = access.get_deed_for_user(request.user, deed_id, write=True)
    actions.remove_deed(actor=request.user, deed=deed)
    return Status(204, None)


# --- Honours ------------------------------------------------------------------


@router.get("/{int:exemplar_id}/honours", response=list[HonourOut])
@paginate(PageNumberPagination, page_size=50)
def list_honours(request: AuthedRequest, exemplar_id: int):
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id)
    return Honour.objects.filter(exemplar=exemplar)


@router.post("/{int:exemplar_id}/honours", response={201: HonourOut})
def create_honour(request: AuthedRequest, exemplar_id: int, payload: HonourIn):
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id, write=True)
    honour = actions.add_honour(actor=request.user, exemplar=exemplar, **payload.dict())
    return Status(201, honour)


@router.delete("/honours/{int:honour_id}", response={204: None})
def delete_honour(request: AuthedRequest, honour_id: int):
    honour = access.get_honour_for_user(request.user, honour_id, write=True)
    actions.remove_honour(actor=request.user, honour=honour)
    return Status(204, None)


# --- Sources ------------------------------------------------------------------


@router.get("/{int:exemplar_id}/sources", response=list[SourceOut])
@paginate(PageNumberPagination, page_size=50)
def list_sources(request: AuthedRequest, exemplar_id: int):
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id)
    return Source.objects.filter(exemplar=exemplar)


@router.post("/{int:exemplar_id}/sources", response={201: SourceOut})
def create_source(request: AuthedRequest, exemplar_id: int, payload: SourceIn):
    """Cite a report, a notice or a web page (http or https only), optionally for one
    deed of the exemplar."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id, write=True)
    source = actions.add_source(
        actor=request.user,
        exemplar=exemplar,
        title=payload.title,
        url=payload.url,
        deed=access.deed_of(exemplar, payload.deed_id),
    )
    return Status(201, source)


@router.delete("/sources/{int:source_id}", response={204: None})
def delete_source(request: AuthedRequest, source_id: int):
    source = access.get_source_for_user(request.user, source_id, write=True)
    actions.remove_source(actor=request.user, source=source)
    return Status(204, None)


# --- Photos -------------------------------------------------------------------


@router.get("/{int:exemplar_id}/photos", response=list[PhotoOut])
@paginate(PageNumberPagination, page_size=50)
def list_photos(request: AuthedRequest, exemplar_id: int):
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id)
    return Photo.objects.filter(exemplar=exemplar)


@router.post("/{int:exemplar_id}/photos", response={201: PhotoOut})
def upload_photo(
    request: AuthedRequest,
    exemplar_id: int,
    file: File[UploadedFile | None] = None,
    caption: Form[str] = "",
    deed_id: Form[int | None] = None,
):
    """Upload a photo (multipart ``file``): JPEG, PNG or WebP, checked by content and
    re-encoded without metadata. A refused file is a 400 saying why."""
    exemplar = access.get_exemplar_for_user(request.user, exemplar_id, write=True)
    if file is None:
        raise ActionError(_("Choose a photo to upload (the multipart field “file”)."))
    photo = actions.add_photo(
        actor=request.user,
        exemplar=exemplar,
        data=file,
        caption=caption,
        deed=access.deed_of(exemplar, deed_id),
    )
    return Status(201, photo)


@router.patch("/photos/{int:photo_id}", response=PhotoOut)
def update_photo(request: AuthedRequest, photo_id: int, payload: PhotoUpdateIn):
    photo = access.get_photo_for_user(request.user, photo_id, write=True)
    photo = actions.update_photo(actor=request.user, photo=photo, **payload.dict())
    return photo


@router.delete("/photos/{int:photo_id}", response={204: None})
def delete_photo(request: AuthedRequest, photo_id: int):
    photo = access.get_photo_for_user(request.user, photo_id, write=True)
    actions.remove_photo(actor=request.user, photo=photo)
    return Status(204, None)
