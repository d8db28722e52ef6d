from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelatihanConfig(AppConfig):
    """Training records and yearly JP (issue 7)."""

    name = "pelatihan"
    verbose_name = _("Training")
