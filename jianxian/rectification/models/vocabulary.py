"""The editable vocabulary of problem categories (思想境界, 能力素质, …)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CategoryQuerySet(models.QuerySet["Category"]):
    def active(self) -> CategoryQuerySet:
        return self.filter(is_active=True)


class Category(models.Model):
    """What kind of shortcoming a problem is: 思想境界, 能力素质, 作风形象, 体制机制, 业务工作.

    ``name`` is Chinese as the city wrote it; ``name_en`` is what an English reader
    sees. A city administrator edits the list (``rectification.actions``); a category
    in use is retired (``is_active``), never deleted.
    """

    name = models.CharField(_("name"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    position = models.IntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="rect_category_name_given"),
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
