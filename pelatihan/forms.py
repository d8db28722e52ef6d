from django import forms
from django.utils.translation import gettext_lazy as _

from ekinerja.forms import DateInput, ServiceValidatedForm

from .models import JalurBelajar, KegiatanBelajar, Partisipasi


class PartisipasiForm(ServiceValidatedForm):
    berkas = forms.FileField(label=_("Certificate (PDF, JPEG or PNG)"), required=False)

    class Meta:
        model = Partisipasi
        fields = ["kegiatan", "nama", "jalur", "penyelenggara", "mulai", "selesai",
                  "jp_klaim", "nomor_sertifikat"]
        widgets = {"mulai": DateInput(), "selesai": DateInput()}

    def __init__(self, *args, pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pegawai = pegawai
        self.fields["kegiatan"].queryset = KegiatanBelajar.objects.filter(
            status=KegiatanBelajar.Status.DISETUJUI).select_related("jalur")
        self.fields["kegiatan"].required = False
        self.fields["jalur"].queryset = JalurBelajar.objects.filter(aktif=True)
        for name in ("nama", "jalur", "penyelenggara"):
            self.fields[name].required = False
        self.fields["nama"].help_text = _("Leave empty when you chose from the catalogue.")


class VerifikasiForm(forms.Form):
    jp_diakui = forms.IntegerField(label=_("JP recognised"), min_value=0, max_value=999,
                                   required=False)
    catatan = forms.CharField(label=_("Note"), max_length=1000, required=False)
