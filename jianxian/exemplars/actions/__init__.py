"""Every write to the exemplar registry (a package: CONVENTIONS.md, modules past ~400 lines).

Each action is keyword-only with ``actor=`` (None: the system); it checks permission,
validates, writes in one transaction, appends an ``Event`` row and updates the search
index. Views, the API, imports, the demo and the admin all call these.
"""

from jianxian.exemplars.actions._common import render_story, sanitize_html
from jianxian.exemplars.actions.content import (
    add_deed,
    add_honour,
    add_source,
    clean_url,
    remove_deed,
    remove_honour,
    remove_source,
    update_deed,
)
from jianxian.exemplars.actions.exemplars import (
    create_exemplar,
    delete_exemplar,
    set_exemplar_qualities,
    set_exemplar_rights,
    update_exemplar,
)
from jianxian.exemplars.actions.photos import add_photo, remove_photo, update_photo
from jianxian.exemplars.actions.qualities import create_quality, delete_quality, update_quality
from jianxian.exemplars.actions.workflow import (
    archive_exemplar,
    move_exemplar,
    publish_exemplar,
    reopen_exemplar,
    return_exemplar,
    submit_exemplar,
)

__all__ = [
    "add_deed",
    "add_honour",
    "add_photo",
    "add_source",
    "archive_exemplar",
    "clean_url",
    "create_exemplar",
    "create_quality",
    "delete_exemplar",
    "delete_quality",
    "move_exemplar",
    "publish_exemplar",
    "remove_deed",
    "remove_honour",
    "remove_photo",
    "remove_source",
    "render_story",
    "reopen_exemplar",
    "return_exemplar",
    "sanitize_html",
    "set_exemplar_qualities",
    "set_exemplar_rights",
    "submit_exemplar",
    "update_deed",
    "update_exemplar",
    "update_photo",
    "update_quality",
]
