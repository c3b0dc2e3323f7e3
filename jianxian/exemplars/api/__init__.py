"""API for the exemplar registry, mounted at /api/v1/exemplars (config/api.py).

A package (CONVENTIONS.md: modules past ~400 lines): ``exemplars`` holds the records,
their workflow, qualities and rights; ``content`` their deeds, honours, sources and
photos; ``transfer`` the Excel import and export; each adds its routes to the one
``router``. Every handler fetches through ``exemplars.access`` and writes through
``exemplars.actions``.
"""

# They add the routes.
from jianxian.exemplars.api import content, exemplars, transfer  # noqa: F401
from jianxian.exemplars.api.routing import router

__all__ = ["router"]
