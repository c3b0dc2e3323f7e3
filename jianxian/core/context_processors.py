from django.http import HttpRequest

from jianxian.core.navigation import nav_items


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs: the menu, the current area, unread count."""
    context: dict[str, object] = {"nav_items": nav_items()}
    match = getattr(request, "resolver_match", None)
    current = (match.view_name or "") if match else ""
    context["nav_current"] = current
    context["nav_active"] = next((i.url_name for i in nav_items() if i.is_active(current)), "")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_count"] = user.notifications.filter(read_at__isnull=True).count()
    return context
