from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenilaianConfig(AppConfig):
    """Validation, appraisal, predikat and the scores Celery computes (issues 5-6)."""

    name = "penilaian"
    verbose_name = _("Appraisal")
    audit_milik = {"evaluasi": "pegawai", "keberatan": "evaluasi__pegawai",
                   "pakawal": "pegawai", "syaratjenjang": "pegawai"}

    def ready(self):
        from ekinerja import ekspor as exports

        from . import ekspor

        exports.register("rekap_bulanan", label=_("Monthly recap"),
                         header=ekspor.REKAP_HEADER, rows=ekspor.rekap_bulanan,
                         butuh_periode=True)
        from pelatihan.selectors import sumber_kesenjangan_daftar

        from .selectors import kesenjangan_penilaian

        sumber_kesenjangan_daftar(kesenjangan_penilaian)
        exports.register("kurva_unit", label=_("Predikat per unit"),
                         header=ekspor.KURVA_HEADER, rows=ekspor.kurva_unit)
        # BKN e-Kinerja's report shapes (docs/bkn.md): a period's and the year's.
        exports.register("bkn_penilaian_periodik",
                         label=_("BKN Laporan Penilaian SKP (period)"),
                         header=ekspor.PENILAIAN_HEADER, rows=ekspor.laporan_penilaian_skp,
                         judul=ekspor.judul_penilaian_skp, butuh_periode=True)
        exports.register("bkn_penilaian_tahunan",
                         label=_("BKN Laporan Penilaian SKP (year)"),
                         header=ekspor.PENILAIAN_HEADER, rows=ekspor.laporan_penilaian_tahunan,
                         judul=ekspor.judul_penilaian_tahunan)
        exports.register("tpp_bayar", label=_("TPP payroll list (BPKAD)"),
                         header=ekspor.TPP_HEADER, rows=ekspor.tpp_bayar, butuh_periode=True)
        exports.register("angka_kredit_layak", label=_("Angka kredit and eligibility"),
                         header=ekspor.ANGKA_KREDIT_HEADER, rows=ekspor.angka_kredit_layak)

        from ekinerja.impor import register
        from ekinerja.models import ImporData

        from . import impor

        register(ImporData.Jenis.PAK, required=impor.REQUIRED, optional=impor.OPTIONAL,
                 check=impor.check, apply=impor.apply)
