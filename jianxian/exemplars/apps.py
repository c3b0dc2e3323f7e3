from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "jianxian.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars")
