"""The signed-in exemplar pages (a package: CONVENTIONS.md, modules past ~400 lines).

``pages``: the list, the detail page and the review queue; ``edit``: the forms that
build an exemplar; ``remove``: removing its parts and deleting a draft; ``workflow``:
the status buttons; ``files``: photos, served only through the access check;
``transfer``: Excel import, its template and the export of the list.
"""

from jianxian.exemplars.views.edit import (
    deed_add,
    deed_edit,
    exemplar_create,
    exemplar_edit,
    honour_add,
    photo_add,
    qualities_edit,
    rights_edit,
    source_add,
)
from jianxian.exemplars.views.files import photo_file, photo_thumbnail
from jianxian.exemplars.views.pages import exemplar_detail, exemplar_list, review_queue
from jianxian.exemplars.views.remove import content_remove, exemplar_delete
from jianxian.exemplars.views.transfer import exemplar_export, exemplar_import, import_template
from jianxian.exemplars.views.workflow import exemplar_move

__all__ = [
    "content_remove",
    "deed_add",
    "deed_edit",
    "exemplar_create",
    "exemplar_delete",
    "exemplar_detail",
    "exemplar_edit",
    "exemplar_export",
    "exemplar_import",
    "exemplar_list",
    "exemplar_move",
    "honour_add",
    "import_template",
    "photo_add",
    "photo_file",
    "photo_thumbnail",
    "qualities_edit",
    "review_queue",
    "rights_edit",
    "source_add",
]
