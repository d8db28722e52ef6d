from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KinerjaConfig(AppConfig):
    """Plans and daily reports: indicator library, periods, SKP, activities (issues 3-4)."""

    name = "kinerja"
    verbose_name = _("Performance plans and reports")
