"""Choices shared by exemplars and honours, and the editable vocabulary of qualities."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ExemplarField(models.TextChoices):
    """The field of work an exemplar stands for."""

    GOVERNANCE = "governance", _("Governance")
    INTEGRITY = "integrity", _("Integrity and discipline")
    ENTERPRISE = "enterprise", _("Enterprise and innovation")
    COMMUNITY = "community", _("Community")
    EDUCATION = "education", _("Education")
    MEDICINE = "medicine", _("Medicine")
    CRAFTSMANSHIP = "craftsmanship", _("Craftsmanship")
    VOLUNTEERING = "volunteering", _("Volunteering")
    MEDIA = "media", _("Media")


class Level(models.TextChoices):
    """How high an exemplar or an honour reaches, from the unit to the nation."""

    UNIT = "unit", _("Unit")
    DISTRICT = "district", _("District or county")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    NATION = "nation", _("Nation")


class QualityQuerySet(models.QuerySet["Quality"]):
    def active(self) -> QualityQuerySet:
        return self.filter(is_active=True)


class Quality(models.Model):
    """One quality of the vocabulary (精神内涵): 担当精神, 工匠精神, …

    ``name`` is Chinese as the city wrote it (shown through the ``script`` filter);
    ``name_en`` is what an English reader sees. Only a city administrator edits the
    vocabulary (``exemplars.actions``); a quality in use is retired, never deleted.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.IntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QualityQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality")
        verbose_name_plural = _("qualities")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(code=""), name="quality_name_and_code_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name for the active language: English readers get ``name_en``."""
        language = (get_language() or "").lower()
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name
