"""API for the exemplar registry."""

from ninja import Router

router = Router(tags=["exemplars"])
