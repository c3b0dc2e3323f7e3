"""API for units, people, the signed-in user, notifications and personal tokens."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from jianxian.core import access, actions, permissions
from jianxian.core.http import AuthedRequest
from jianxian.core.models import ApiToken, Membership, Person, Unit

router = Router(tags=["organization"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    path: str
    depth: int
    code: str | None
    version: int


class UnitUpdateIn(Schema):
    version: int
    name: str = Field(max_length=100)
    kind: str
    code: str | None = None


class PostOut(Schema):
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    post: str
    is_primary: bool
    start_date: date
    end_date: date | None


class PersonOut(Schema):
    id: int
    name: str
    name_pinyin: str
    name_initials: str
    gender: str
    categories: list[str]


class PersonDetailOut(PersonOut):
    posts: list[PostOut]


class MeOut(Schema):
    username: str
    person: PersonOut | None
    is_city_admin: bool


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


@router.get("/me", response=MeOut)
def me(request: AuthedRequest):
    return {
        "username": request.user.get_username(),
        "person": Person.objects.filter(user=request.user).first(),
        "is_city_admin": permissions.is_city_admin(request.user),
    }


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=50)
def list_units(request: AuthedRequest, parent: int | None = None, kind: str | None = None):
    units = Unit.objects.visible_to(request.user).order_by("path")
    if parent is not None:
        units = units.filter(parent_id=parent)
    if kind:
        units = units.filter(kind=kind)
    return units


@router.get("/units/{int:unit_id}", response=UnitOut)
def get_unit(request: AuthedRequest, unit_id: int):
    return access.get_unit_for_user(request.user, unit_id)


@router.patch("/units/{int:unit_id}", response=UnitOut)
def update_unit(request: AuthedRequest, unit_id: int, payload: UnitUpdateIn):
    unit = access.get_unit_for_user(request.user, unit_id, write=True)
    return actions.update_unit(actor=request.user, unit=unit, **payload.dict())


@router.get("/units/{int:unit_id}/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def unit_people(request: AuthedRequest, unit_id: int, subtree: bool = False):
    unit = access.get_unit_for_user(request.user, unit_id)
    return Person.objects.in_unit(unit, subtree=subtree).order_by("name_pinyin", "id")


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def list_people(request: AuthedRequest, q: str = ""):
    people = Person.objects.visible_to(request.user).order_by("name_pinyin", "id")
    if q.strip():
        people = people.search(q[:50])  # in pinyin order too, sorted the fast way
    return people


@router.get("/people/{int:person_id}", response=PersonDetailOut)
def get_person(request: AuthedRequest, person_id: int):
    person = access.get_person_for_user(request.user, person_id)
    visible = Unit.objects.visible_to(request.user)
    person.posts = list(  # type: ignore[attr-defined]
        Membership.objects.filter(person=person, unit__in=visible).select_related("unit")
    )
    return person


@router.get("/notifications", response=list[NotificationOut], tags=["account"])
@paginate(PageNumberPagination, page_size=50)
def list_notifications(request: AuthedRequest, unread: bool = False):
    rows = request.user.notifications.all()
    return rows.filter(read_at__isnull=True) if unread else rows


@router.post(
    "/notifications/{int:notification_id}/read", response=NotificationOut, tags=["account"]
)
def read_notification(request: AuthedRequest, notification_id: int):
    notification = access.get_notification_for_user(request.user, notification_id)
    return actions.mark_notification_read(actor=request.user, notification=notification)


@router.get("/tokens", response=list[TokenOut], tags=["account"])
def list_tokens(request: AuthedRequest):
    return ApiToken.objects.filter(user=request.user)


@router.post("/tokens", response={201: TokenCreatedOut}, tags=["account"])
def create_token(request: AuthedRequest, payload: TokenIn):
    token, secret = actions.create_api_token(actor=request.user, name=payload.name)
    token.secret = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{int:token_id}", response=TokenOut, tags=["account"])
def revoke_token(request: AuthedRequest, token_id: int):
    token = access.get_token_for_user(request.user, token_id)
    return actions.revoke_api_token(actor=request.user, token=token)
