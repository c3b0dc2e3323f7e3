"""API for the exemplar registry, mounted at /api/v1/exemplars (config/api.py).

A package (CONVENTIONS.md: modules past ~400 lines): ``exemplars`` holds the records,
their workflow, qualities and rights; ``content`` their deeds, honours, sources and
photos; both add their routes to the one ``router``. Every handler fetches through
``exemplars.access`` and writes through ``exemplars.actions``.
"""

from jianxian.exemplars.api import content, exemplars  # noqa: F401  (they add the routes)
from jianxian.exemplars.api.routing import router

__all__ = ["router"]
