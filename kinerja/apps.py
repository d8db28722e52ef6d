from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KinerjaConfig(AppConfig):
    """Plans and daily reports: indicator library, periods, SKP, activities (issues 3-4)."""

    name = "kinerja"
    verbose_name = _("Performance plans and reports")
    # Whose audit history an entry belongs to: model -> the path to its owner (see
    # ekinerja.selectors.audit_tentang).
    audit_milik = {"skp": "pegawai", "rhk": "skp__pegawai", "iki": "rhk__skp__pegawai",
                   "aktivitas": "pegawai", "realisasimanual": "iki__rhk__skp__pegawai",
                   "rencanaaksi": "rhk__skp__pegawai"}

    def ready(self):
        from ekinerja import ekspor

        from .ekspor import HEADER, adopsi_jangkau
        from .progres import KOLOM_UNIT, progres_unit

        ekspor.register("adopsi_jangkau", label=_("People to reach (adoption)"),
                        header=HEADER, rows=adopsi_jangkau)
        ekspor.register("progres_harian", label=_("Progres Harian (BKN) of a period"),
                        header=KOLOM_UNIT, rows=progres_unit, butuh_periode=True)
