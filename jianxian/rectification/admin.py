"""Django admin for the rectification ledger: a read-only window on the problems and
their records (every change is made in the application, through
``rectification.actions``, so that the ledger and its events stay right). Categories
are edited here, through the actions too."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jianxian.rectification import actions
from jianxian.rectification.models import (
    Category,
    Evidence,
    Measure,
    Problem,
    ProgressNote,
    Reminder,
    Verification,
)


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MeasureInline(_ReadOnlyInline):
    model = Measure
    fields = ("position", "description", "owner", "due_date", "done", "done_at")
    readonly_fields = ("position", "description", "owner", "due_date", "done", "done_at")


class VerificationInline(_ReadOnlyInline):
    model = Verification
    fields = ("created_at", "kind", "decision", "score", "verifier", "comment")
    readonly_fields = ("created_at", "kind", "decision", "score", "verifier", "comment")


@admin.register(Problem)
class ProblemAdmin(_ReadOnlyAdmin):
    list_display = [
        "title",
        "unit",
        "responsible",
        "category",
        "kind",
        "status",
        "due_date",
        "effectiveness_score",
    ]
    list_filter = ["status", "kind", "severity", "source_kind", "category"]
    search_fields = ["title", "source_label"]
    list_select_related = ["unit", "responsible", "category"]
    raw_id_fields = ["unit", "responsible"]
    inlines = [MeasureInline, VerificationInline]


@admin.register(ProgressNote)
class ProgressNoteAdmin(_ReadOnlyAdmin):
    list_display = ["problem", "author", "created_at"]
    raw_id_fields = ["problem"]


@admin.register(Evidence)
class EvidenceAdmin(_ReadOnlyAdmin):
    list_display = ["original_name", "media_type", "size", "note", "created_at"]
    list_filter = ["media_type"]


@admin.register(Verification)
class VerificationAdmin(_ReadOnlyAdmin):
    list_display = ["problem", "kind", "decision", "score", "verifier", "created_at"]
    list_filter = ["kind", "decision"]
    raw_id_fields = ["problem"]


@admin.register(Reminder)
class ReminderAdmin(_ReadOnlyAdmin):
    list_display = ["problem", "measure", "kind", "due_date", "recipients", "sent_at"]
    list_filter = ["kind"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en"]
    fields = ["name", "name_en", "position", "is_active", "version"]
    readonly_fields = ["version"]

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        fields: dict[str, Any] = {
            "name": obj.name,
            "name_en": obj.name_en,
            "position": obj.position,
        }
        if change:
            actions.update_category(
                actor=request.user,
                category=obj,
                version=obj.version,
                is_active=obj.is_active,
                **fields,
            )
        else:
            created = actions.create_category(actor=request.user, **fields)
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        actions.delete_category(actor=request.user, category=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for category in queryset:
            actions.delete_category(actor=request.user, category=category)
