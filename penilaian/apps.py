from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenilaianConfig(AppConfig):
    """Validation, appraisal, predikat and the scores Celery computes (issues 5-6)."""

    name = "penilaian"
    verbose_name = _("Appraisal")
    audit_milik = {"evaluasi": "pegawai", "keberatan": "evaluasi__pegawai"}
