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
                   "rencanaaksi": "rhk__skp__pegawai", "kehadiran": "pegawai",
                   "izin": "pegawai", "kontrakpppk": "pegawai"}

    def ready(self):
        from ekinerja import ekspor, gangguan
        from ekinerja.impor import register
        from ekinerja.models import ImporData

        from . import kehadiran
        from .services.periode import susulan_periksa

        gangguan.PEMERIKSA_SUSULAN.append(susulan_periksa)

        register(ImporData.Jenis.KEHADIRAN, required=kehadiran.REQUIRED,
                 optional=kehadiran.OPTIONAL, check=kehadiran.check, apply=kehadiran.apply)
        register(ImporData.Jenis.IZIN, required=kehadiran.IZIN_REQUIRED,
                 optional=kehadiran.IZIN_OPTIONAL, check=kehadiran.izin_check,
                 apply=kehadiran.izin_apply)
        register(ImporData.Jenis.KONTRAK, required=kehadiran.KONTRAK_REQUIRED,
                 optional=kehadiran.KONTRAK_OPTIONAL, check=kehadiran.kontrak_check,
                 apply=kehadiran.kontrak_apply)

        from .ekspor import HEADER, SKP_HEADER, adopsi_jangkau, judul_laporan_skp, laporan_skp
        from .progres import KOLOM_UNIT, progres_unit

        ekspor.register("adopsi_jangkau", label=_("People to reach (adoption)"),
                        header=HEADER, rows=adopsi_jangkau)
        ekspor.register("progres_harian", label=_("Progres Harian (BKN) of a period"),
                        header=KOLOM_UNIT, rows=progres_unit, butuh_periode=True)
        ekspor.register("bkn_laporan_skp", label=_("BKN Laporan SKP"), header=SKP_HEADER,
                        rows=laporan_skp, judul=judul_laporan_skp)
