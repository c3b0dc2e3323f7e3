"""The one router of the rectification API; the modules of this package add its routes."""

from ninja import Router

router = Router(tags=["rectification"])
