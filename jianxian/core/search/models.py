"""The row behind every indexed record (``core`` app; imported by ``core.models``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed record: which object, who may see it, where it sorts.

    The tokens themselves live beside this table, created by migration 0003 for the
    database in use: on SQLite the FTS5 table ``core_search_fts`` (its rowid is ``rank``;
    a trigger removes the index entry when this row is deleted), on PostgreSQL the
    ``tsv`` column of this table with a GIN index. Neither is a model field, so Django
    never touches them. Only ``core.search`` writes these rows.

    On SQLite a migration that rebuilds this table (most ``AlterField`` operations) drops
    the trigger: such a migration must create it again (see
    ``core.search.sqlite.CREATE_TRIGGER``); ``test_search`` checks that it exists.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField()
    scope_path = models.CharField(max_length=255, blank=True)
    is_public = models.BooleanField(default=False)
    published = models.BooleanField(default=True)
    sort_key = models.DateTimeField()
    # Minutes of ``sort_key`` in the high bits, this row's id in the low 32: unique, and
    # "newest first" is "highest rank first", which both indexes can walk (see index.py).
    rank = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="searchdocument_one_per_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "-rank"], name="searchdoc_type_rank")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"
