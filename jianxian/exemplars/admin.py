"""Django admin for the exemplar registry. Writes go through ``exemplars.actions`` so
that pinyin, sanitized stories, the search index and the audit ledger stay right;
photos are uploaded in the application (checked and re-encoded), never here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jianxian.core.admin import ActionAdmin
from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, Honour, Photo, Quality, Source


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HonourInline(_ReadOnlyInline):
    model = Honour
    fields = ["year", "title", "conferred_by", "level"]
    readonly_fields = ["year", "title", "conferred_by", "level"]


class DeedInline(_ReadOnlyInline):
    model = Deed
    fields = ["date", "title", "version"]
    readonly_fields = ["date", "title", "version"]


class PhotoInline(_ReadOnlyInline):
    model = Photo
    fields = ["image", "caption", "width", "height"]
    readonly_fields = ["image", "caption", "width", "height"]


@admin.register(Exemplar)
class ExemplarAdmin(ActionAdmin):
    list_display = ["name", "kind", "owner_unit", "field", "level", "status", "is_public"]
    list_filter = ["status", "kind", "field", "level", "is_public"]
    search_fields = ["name", "pinyin_compact", "name_initials", "external_name"]
    raw_id_fields = ["owner_unit", "person", "subject_unit"]
    filter_horizontal = ["qualities"]
    readonly_fields = [
        "status",
        "public_use",
        "school_use",
        "consent_note",
        "consent_recorded_by",
        "consent_recorded_at",
        "is_public",
        "review_note",
        "submitted_by",
        "submitted_at",
        "published_at",
        "version",
        "created_by",
    ]
    inlines = [HonourInline, DeedInline, PhotoInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The owning unit is whose library the exemplar is in: chosen once.
        return [*self.readonly_fields, "owner_unit"] if obj else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and (obj.status != Exemplar.Status.DRAFT or obj.published_at):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Exemplar, form: Any, change: bool) -> None:
        fields: dict[str, Any] = {
            "kind": obj.kind,
            "name": obj.name,
            "field": obj.field,
            "level": obj.level,
            "person": obj.person,
            "subject_unit": obj.subject_unit,
            "external_name": obj.external_name,
            "summary": obj.summary,
        }
        if change:
            actions.update_exemplar(actor=request.user, exemplar=obj, version=obj.version, **fields)
        else:
            created = actions.create_exemplar(
                actor=request.user, owner_unit=obj.owner_unit, **fields
            )
            obj.pk = created.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The inlines are read-only (saving them writes nothing); qualities go through
        # the action instead of the form's ``save_m2m``.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        actions.set_exemplar_qualities(
            actor=request.user, exemplar=form.instance, qualities=form.cleaned_data["qualities"]
        )

    def delete_model(self, request: HttpRequest, obj: Exemplar) -> None:
        actions.delete_exemplar(actor=request.user, exemplar=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for exemplar in queryset:
            actions.delete_exemplar(actor=request.user, exemplar=exemplar)


@admin.register(Deed)
class DeedAdmin(ActionAdmin):
    list_display = ["title", "exemplar", "date", "updated_at"]
    search_fields = ["title", "exemplar__name"]
    raw_id_fields = ["exemplar"]
    readonly_fields = ["version", "created_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "exemplar"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Deed, form: Any, change: bool) -> None:
        if change:
            actions.update_deed(
                actor=request.user,
                deed=obj,
                version=obj.version,
                title=obj.title,
                date=obj.date,
                body=obj.body,
            )
        else:
            created = actions.add_deed(
                actor=request.user,
                exemplar=obj.exemplar,
                title=obj.title,
                date=obj.date,
                body=obj.body,
            )
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Deed) -> None:
        actions.remove_deed(actor=request.user, deed=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for deed in queryset:
            actions.remove_deed(actor=request.user, deed=deed)


@admin.register(Honour)
class HonourAdmin(ActionAdmin):
    list_display = ["title", "exemplar", "year", "level", "conferred_by"]
    list_filter = ["level"]
    search_fields = ["title", "exemplar__name"]
    raw_id_fields = ["exemplar"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Honours are removed and added again, never edited in place.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Honour, form: Any, change: bool) -> None:
        created = actions.add_honour(
            actor=request.user,
            exemplar=obj.exemplar,
            title=obj.title,
            conferred_by=obj.conferred_by,
            level=obj.level,
            year=obj.year,
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Honour) -> None:
        actions.remove_honour(actor=request.user, honour=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for honour in queryset:
            actions.remove_honour(actor=request.user, honour=honour)


@admin.register(Source)
class SourceAdmin(ActionAdmin):
    list_display = ["title", "exemplar", "deed", "url"]
    search_fields = ["title", "url", "exemplar__name"]
    raw_id_fields = ["exemplar", "deed"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        created = actions.add_source(
            actor=request.user, exemplar=obj.exemplar, title=obj.title, url=obj.url, deed=obj.deed
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Source) -> None:
        actions.remove_source(actor=request.user, source=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for source in queryset:
            actions.remove_source(actor=request.user, source=source)


@admin.register(Photo)
class PhotoAdmin(ActionAdmin):
    list_display = ["__str__", "exemplar", "deed", "width", "height", "created_at"]
    search_fields = ["caption", "exemplar__name"]
    fields = ["exemplar", "deed", "image", "thumbnail", "caption", "sort_order", "version"]
    readonly_fields = ["exemplar", "deed", "image", "thumbnail", "version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Photo, form: Any, change: bool) -> None:
        actions.update_photo(
            actor=request.user,
            photo=obj,
            version=obj.version,
            caption=obj.caption,
            sort_order=obj.sort_order,
        )

    def delete_model(self, request: HttpRequest, obj: Photo) -> None:
        actions.remove_photo(actor=request.user, photo=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for photo in queryset:
            actions.remove_photo(actor=request.user, photo=photo)


@admin.register(Quality)
class QualityAdmin(ActionAdmin):
    list_display = ["name", "name_en", "code", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "code"]
    readonly_fields = ["version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Quality, form: Any, change: bool) -> None:
        fields: dict[str, Any] = {
            "name": obj.name,
            "name_en": obj.name_en,
            "description": obj.description,
            "sort_order": obj.sort_order,
        }
        if change:
            actions.update_quality(
                actor=request.user,
                quality=obj,
                version=obj.version,
                is_active=obj.is_active,
                **fields,
            )
        else:
            created = actions.create_quality(actor=request.user, code=obj.code, **fields)
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Quality) -> None:
        actions.delete_quality(actor=request.user, quality=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for quality in queryset:
            actions.delete_quality(actor=request.user, quality=quality)
