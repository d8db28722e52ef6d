from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelatihanConfig(AppConfig):
    """Training records, yearly JP and development plans (issue 7)."""

    name = "pelatihan"
    verbose_name = _("Training")
    audit_milik = {"partisipasi": "pegawai", "rencanapengembangan": "pegawai"}

    def ready(self):
        from ekinerja.impor import register
        from ekinerja.models import ImporData

        from . import impor

        register(ImporData.Jenis.PELATIHAN, required=impor.REQUIRED, optional=impor.OPTIONAL,
                 check=impor.check, apply=impor.apply)

        from ekinerja import ekspor as exports

        from . import ekspor

        exports.register("kepatuhan_jp", label=_("JP compliance"), header=ekspor.HEADER,
                         rows=ekspor.kepatuhan_jp)
