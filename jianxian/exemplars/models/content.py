"""What an exemplar's page is made of: honours, deeds (stories), sources and photos.

Each follows its exemplar's visibility; ``exemplars.actions`` writes all of them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jianxian.exemplars.models.exemplar import Exemplar, exemplar_visible_q
from jianxian.exemplars.models.vocabulary import Level

AnyUser = Any

# Honours from the founding of the state on; the action also refuses future years.
HONOUR_FIRST_YEAR = 1949
HONOUR_LAST_YEAR = 2100


class Honour(models.Model):
    """A title conferred on the exemplar (全国劳动模范, 2019, 国务院)."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="honours"
    )
    title = models.CharField(_("title"), max_length=200)
    conferred_by = models.CharField(_("conferring body"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="honour_title_given"),
            models.CheckConstraint(
                condition=Q(year__gte=HONOUR_FIRST_YEAR, year__lte=HONOUR_LAST_YEAR),
                name="honour_year_in_range",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="honour_level_known"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class DeedQuerySet(models.QuerySet["Deed"]):
    def visible_to(self, user: AnyUser) -> DeedQuerySet:
        return self.filter(exemplar_visible_q(user, prefix="exemplar__"))


class Deed(models.Model):
    """A story of the exemplar. ``body`` is kept as written; ``body_html`` is what pages
    show: rendered and sanitized by the action that writes the body (nh3 allow-list)."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="deeds"
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    body = models.TextField(_("story"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deed")
        verbose_name_plural = _("deeds")
        # A timeline: undated stories last, on both databases.
        ordering = [F("date").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["exemplar", "date", "id"])]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="deed_title_given")]

    def __str__(self) -> str:
        return self.title


class Source(models.Model):
    """Where a story or the exemplar's record comes from: a report, a notice, a page."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="sources"
    )
    deed = models.ForeignKey(
        Deed,
        verbose_name=_("deed"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sources",
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="source_title_given"),
            # Links are web pages only: never javascript:, data: or file: URLs.
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_is_web",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PhotoQuerySet(models.QuerySet["Photo"]):
    def visible_to(self, user: AnyUser) -> PhotoQuerySet:
        return self.filter(exemplar_visible_q(user, prefix="exemplar__"))


class Photo(models.Model):
    """A photo of the exemplar, optionally of one deed.

    Created only by ``exemplars.actions.add_photo``, which checks the upload by content
    and re-encodes it (``core.uploads.process_image``); the files are stored as
    ``exemplars/<uuid>.<ext>`` and ``exemplars/<uuid>.thumb.<ext>``.
    """

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="photos"
    )
    deed = models.ForeignKey(
        Deed,
        verbose_name=_("deed"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    image = models.FileField(_("image"), max_length=200, editable=False)
    thumbnail = models.FileField(_("thumbnail"), max_length=200, editable=False)
    mime_type = models.CharField(max_length=40, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(width__gt=0, height__gt=0, size__gt=0), name="photo_has_pixels"
            ),
            models.CheckConstraint(
                condition=Q(image__startswith="exemplars/", thumbnail__startswith="exemplars/"),
                name="photo_files_in_exemplars",
            ),
            # The same picture once per exemplar.
            models.UniqueConstraint(fields=["exemplar", "sha256"], name="photo_unique_content"),
        ]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""
