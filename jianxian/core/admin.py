"""Django admin for the organization. Writes go through ``core.actions`` so that
paths, pinyin and the audit ledger stay right."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from jianxian.core import actions
from jianxian.core.errors import ActionError
from jianxian.core.models import (
    ApiToken,
    Event,
    Membership,
    Notification,
    Person,
    RoleGrant,
    Unit,
)


class ActionAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions call actions: when an action refuses
    (bad input, an illegal move, a stale edit), nothing is written (the admin's view runs
    in a transaction) and its message is shown on the page again, not a server error."""

    def _refused(self, request: HttpRequest, exc: ActionError) -> HttpResponse:
        self.message_user(request, exc.message, level=messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except ActionError as exc:
            return self._refused(request, exc)

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().delete_view(request, *args, **kwargs)
        except ActionError as exc:
            return self._refused(request, exc)


@admin.register(Unit)
class UnitAdmin(ActionAdmin):
    list_display = ["name", "kind", "code", "parent", "depth", "is_active"]
    list_filter = ["kind", "depth", "is_active"]
    search_fields = ["name", "code", "name_pinyin"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth", "version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Moving a unit would rewrite its subtree's paths: not an admin edit.
        return [*self.readonly_fields, "parent"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        if change:
            actions.update_unit(
                actor=request.user,
                unit=obj,
                version=obj.version,
                name=obj.name,
                kind=obj.kind,
                code=obj.code,
            )
        else:
            created = actions.create_unit(
                actor=request.user,
                name=obj.name,
                kind=obj.kind,
                parent=obj.parent,
                code=obj.code,
                sort_order=obj.sort_order,
            )
            obj.pk, obj.path = created.pk, created.path


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(ActionAdmin):
    list_display = ["name", "name_pinyin", "staff_no", "user"]
    search_fields = ["name", "pinyin_compact", "name_initials", "staff_no"]
    raw_id_fields = ["user"]
    readonly_fields = ["name_pinyin", "version"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        if change:
            actions.update_person(
                actor=request.user,
                person=obj,
                version=obj.version,
                name=obj.name,
                gender=obj.gender,
                categories=obj.categories,
                phone=obj.phone,
                email=obj.email,
            )
        else:
            from jianxian.core.text import person_name_fields

            for field, value in person_name_fields(obj.name).items():
                setattr(obj, field, value)
            super().save_model(request, obj, form, change)
            actions.record_event(actor=request.user, verb="person.create", target=obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "post", "is_primary", "start_date", "end_date"]
    raw_id_fields = ["person", "unit"]
    list_filter = ["is_primary"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ActionAdmin):
    list_display = ["user", "role", "unit", "covers_subtree", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            actions.record_event(actor=request.user, verb="role.update", target=obj.unit)
        else:
            grant = actions.grant_role(
                actor=request.user,
                user=obj.user,
                role=obj.role,
                unit=obj.unit,
                covers_subtree=obj.covers_subtree,
            )
            obj.pk = grant.pk

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        actions.revoke_role(actor=request.user, grant=obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target_repr", "from_status", "to_status"]
    list_filter = ["verb"]
    search_fields = ["target_repr", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "title", "created_at", "read_at", "emailed_at"]
    raw_id_fields = ["recipient"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash"]
    raw_id_fields = ["user"]
