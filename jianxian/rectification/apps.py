from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "jianxian.rectification"
    label = "rectification"
    verbose_name = _("Rectification")

    def ready(self) -> None:
        # The history's verb labels, for the pages, the API and the admin alike.
        from jianxian.rectification.queries import register_verb_labels

        register_verb_labels()
