"""The vocabulary of problem categories (思想境界, 能力素质, …): read by everyone signed
in, kept by a city administrator."""

from __future__ import annotations

from ninja import Status

from jianxian.core.http import AuthedRequest
from jianxian.rectification import access, actions
from jianxian.rectification.api.routing import router
from jianxian.rectification.api.schemas import CategoryIn, CategoryOut, CategoryUpdateIn
from jianxian.rectification.models import Category


@router.get("/categories", response=list[CategoryOut])
def list_categories(request: AuthedRequest, active: bool | None = None):
    """The categories in their order; ``active=true`` only those still in use."""
    categories = Category.objects.all()
    if active is not None:
        categories = categories.filter(is_active=active)
    return categories


@router.post("/categories", response={201: CategoryOut})
def create_category(request: AuthedRequest, payload: CategoryIn):
    category = actions.create_category(actor=request.user, **payload.dict())
    return Status(201, category)


@router.patch("/categories/{int:category_id}", response=CategoryOut)
def update_category(request: AuthedRequest, category_id: int, payload: CategoryUpdateIn):
    """Rename, reorder or retire (``is_active: false``) a category; fields left out
    keep their values, a stale ``version`` is 409."""
    category = access.get_category_for_user(request.user, category_id, write=True)
    sent = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return actions.update_category(
        actor=request.user,
        category=category,
        version=payload.version,
        name=sent.get("name", category.name),
        name_en=sent.get("name_en", category.name_en),
        position=sent.get("position", category.position),
        is_active=sent.get("is_active", category.is_active),
    )


@router.delete("/categories/{int:category_id}", response={204: None})
def delete_category(request: AuthedRequest, category_id: int):
    """Delete a category no problem has; one in use is retired instead (400)."""
    category = access.get_category_for_user(request.user, category_id, write=True)
    actions.delete_category(actor=request.user, category=category)
    return Status(204, None)
