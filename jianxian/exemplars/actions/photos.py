"""Photos of an exemplar: uploaded only through ``add_photo``, which has the upload
checked by content and re-encoded (``core.uploads.process_image``) before it is stored."""

from __future__ import annotations

import uuid
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jianxian.core.actions import record_event
from jianxian.core.errors import ActionError, StaleEdit
from jianxian.exemplars.actions._common import (
    actor_or_none,
    check_can_edit,
    clean_line,
    delete_files_on_commit,
    lock_for_edit,
)
from jianxian.exemplars.models import Deed, Exemplar, Photo

PHOTO_DIRECTORY = "exemplars"
MAX_PHOTOS_PER_EXEMPLAR = 200


def add_photo(
    *,
    actor: Any,
    exemplar: Exemplar,
    data: bytes | IO[bytes],
    caption: str = "",
    deed: Deed | None = None,
) -> Photo:
    """Check, re-encode and store an uploaded photo, with its thumbnail, as
    ``exemplars/<uuid>.<ext>``. A file that is not an allowed image, or too large, is
    refused with a clear message (``UploadRejected``) and nothing is stored."""
    from jianxian.core.uploads import process_image

    check_can_edit(actor, exemplar)  # refuse before reading the upload
    caption = clean_line(caption, _("Caption"), 200, required=False)
    image = process_image(data)
    with transaction.atomic():
        locked = lock_for_edit(actor, exemplar)
        if deed is not None and deed.exemplar_id != locked.pk:
            raise ActionError(_("This deed belongs to another exemplar."))
        if Photo.objects.filter(exemplar=locked, sha256=image.sha256).exists():
            raise ActionError(_("This photo is already attached to the exemplar."))
        if Photo.objects.filter(exemplar=locked).count() >= MAX_PHOTOS_PER_EXEMPLAR:
            raise ActionError(
                _("An exemplar can have at most %(n)d photos.") % {"n": MAX_PHOTOS_PER_EXEMPLAR}
            )
        stem = f"{PHOTO_DIRECTORY}/{uuid.uuid4().hex}"
        stored: list[str] = []
        try:
            stored.append(
                default_storage.save(f"{stem}.{image.extension}", ContentFile(image.content))
            )
            stored.append(
                default_storage.save(
                    f"{stem}.thumb.{image.extension}", ContentFile(image.thumbnail)
                )
            )
            with transaction.atomic():
                photo = Photo.objects.create(
                    exemplar=locked,
                    deed=deed,
                    image=stored[0],
                    thumbnail=stored[1],
                    mime_type=image.mime_type,
                    width=image.width,
                    height=image.height,
                    size=len(image.content),
                    sha256=image.sha256,
                    caption=caption,
                    created_by=actor_or_none(actor),
                )
            record_event(
                actor=actor,
                verb="exemplar.add_photo",
                target=locked,
                changes={"photo": photo.pk, "deed": deed.pk if deed else None, "file": stored[0]},
            )
        except BaseException as exc:
            for name in stored:
                default_storage.delete(name)
            if isinstance(exc, IntegrityError):  # the same photo, added at the same moment
                raise ActionError(_("This photo is already attached to the exemplar.")) from None
            raise
    return photo


def update_photo(
    *, actor: Any, photo: Photo, version: int, caption: str, sort_order: int = 0
) -> Photo:
    caption = clean_line(caption, _("Caption"), 200, required=False)
    with transaction.atomic():
        locked = lock_for_edit(actor, photo.exemplar)
        updated = Photo.objects.filter(pk=photo.pk, version=version).update(
            caption=caption, sort_order=sort_order, version=F("version") + 1
        )
        if updated != 1:
            raise StaleEdit(
                _("This photo was changed by someone else. Reload it and apply your edit again.")
            )
        if (caption, sort_order) != (photo.caption, photo.sort_order):
            record_event(
                actor=actor,
                verb="exemplar.update_photo",
                target=locked,
                changes={"photo": photo.pk, "caption": [photo.caption, caption]},
            )
    photo.refresh_from_db()
    return photo


def remove_photo(*, actor: Any, photo: Photo) -> None:
    """Remove the photo; its files go once the removal is committed."""
    with transaction.atomic():
        locked = lock_for_edit(actor, photo.exemplar)
        record_event(
            actor=actor,
            verb="exemplar.remove_photo",
            target=locked,
            changes={"photo": photo.pk, "file": photo.image.name},
        )
        Photo.objects.filter(pk=photo.pk).delete()
        delete_files_on_commit(photo.image.name or "", photo.thumbnail.name or "")
