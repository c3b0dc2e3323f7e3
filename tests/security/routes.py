"""The project's routes, walked from the URL resolver (django-ninja operations split
by HTTP method), and URL building from a route pattern."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import PathView


@dataclass(frozen=True)
class Endpoint:
    """One route of the resolver; for a ninja operation, one route *and* method."""

    pattern: str  # the full route, as the resolver joins it: "org/units/<int:pk>/"
    name: str | None  # "core:unit_detail"; None for unnamed patterns
    method: str | None = None  # set for ninja operations only

    @property
    def path(self) -> str:
        return "/" + self.pattern

    @property
    def is_api(self) -> bool:
        return self.method is not None

    @property
    def key(self) -> str:
        """The identifier rules use for this route."""
        return self.path if self.is_api or not self.name else self.name

    def __str__(self) -> str:
        if self.is_api:
            return f"{self.method} {self.path}"
        return f"{self.name} ({self.path})" if self.name else self.path


def _ninja_path_view(callback: Any) -> PathView | None:
    """The ninja PathView behind a resolver callback, if it is one."""
    try:
        nonlocals = inspect.getclosurevars(callback).nonlocals
    except TypeError:
        return None
    view = nonlocals.get("self")
    return view if isinstance(view, PathView) else None


def _route(entry: URLPattern | URLResolver) -> str:
    """A pattern's part of the route, joined as ``ResolverMatch.route`` joins it."""
    return str(entry.pattern).removeprefix("^")


def _walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> Iterator[Endpoint]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, prefix + _route(entry), ns)
            continue
        assert isinstance(entry, URLPattern)
        pattern = prefix + _route(entry)
        name = ":".join((*namespaces, entry.name)) if entry.name else None
        path_view = _ninja_path_view(entry.callback)
        if path_view is None:
            yield Endpoint(pattern, name)
            continue
        methods = sorted({m for op in path_view.operations for m in op.methods})
        for method in methods:
            yield Endpoint(pattern, None, method)


def all_endpoints() -> list[Endpoint]:
    """Every route of the project, API operations split by method, without repeats
    (ninja registers one pattern per operation name of a path)."""
    return list(dict.fromkeys(_walk(get_resolver(), "", ())))


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def fill_pattern(pattern: str, kwargs: Mapping[str, Any]) -> str:
    """The URL path of ``pattern`` with its parameters filled from ``kwargs``."""

    def value(match: re.Match[str]) -> str:
        name = match.group("name") or match.group("rname")
        if name not in kwargs:
            raise KeyError(f"the rule gives no value for the URL parameter {name!r}")
        return str(kwargs[name])

    path = _PARAM.sub(value, pattern).replace("^", "").replace("$", "")
    return "/" + path
