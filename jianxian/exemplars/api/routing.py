"""The one router of the exemplar API; ``exemplars`` and ``content`` add their routes."""

from ninja import Router

router = Router(tags=["exemplars"])
