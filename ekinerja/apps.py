from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EkinerjaConfig(AppConfig):
    name = "ekinerja"
    verbose_name = _("Organisation and people")
