from django import forms
from django.utils.translation import gettext_lazy as _

from ekinerja.forms import DateInput, ServiceValidatedForm

from .kompetensi import semua_tag
from .models import JalurBelajar, KegiatanBelajar, Partisipasi, RencanaKegiatan, RencanaPengembangan


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


class KegiatanForm(ServiceValidatedForm):
    class Meta:
        model = KegiatanBelajar
        fields = ["nama", "jalur", "penyelenggara", "moda", "mulai", "selesai", "jp",
                  "kompetensi"]
        widgets = {"mulai": DateInput(), "selesai": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jalur"].queryset = JalurBelajar.objects.filter(aktif=True)
        self.fields["kompetensi"].help_text = _(
            "Comma-separated. Tags that answer appraisal gaps: %(tags)s.") % {
            "tags": ", ".join(semua_tag())}


class TinjauForm(forms.Form):
    catatan = forms.CharField(label=_("Note"), max_length=1000, required=False)


class RencanaForm(ServiceValidatedForm):
    class Meta:
        model = RencanaPengembangan
        fields = ["tujuan", "kesenjangan"]
        widgets = {"tujuan": forms.Textarea(attrs={"rows": 3}),
                   "kesenjangan": forms.Textarea(attrs={"rows": 3})}


class RencanaKegiatanForm(forms.Form):
    kegiatan = forms.ModelChoiceField(label=_("From the catalogue"), required=False,
                                      queryset=KegiatanBelajar.objects.none())
    nama = forms.CharField(label=_("or describe it"), max_length=300, required=False)
    jalur = forms.ModelChoiceField(label=_("Learning path"), required=False,
                                   queryset=JalurBelajar.objects.none())
    jp = forms.IntegerField(label=_("Planned JP"), min_value=1, max_value=500)
    triwulan = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                      choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")])

    def __init__(self, *args, katalog, jalur, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kegiatan"].queryset = katalog
        self.fields["jalur"].queryset = jalur

    def item(self):
        data = self.cleaned_data
        return RencanaKegiatan(kegiatan=data["kegiatan"], nama=data["nama"],
                               jalur=data["jalur"], jp=data["jp"],
                               triwulan=data["triwulan"])


RencanaKegiatanFormSet = forms.formset_factory(RencanaKegiatanForm, extra=2, can_delete=True,
                                               max_num=20, validate_max=True)


def rencana_formset(data=None, *, rencana):
    """The planned activities: the current ones, and two empty rows to add more."""
    initial = [{"kegiatan": i.kegiatan_id, "nama": i.nama if not i.kegiatan_id else "",
                "jalur": i.jalur_id, "jp": i.jp, "triwulan": i.triwulan}
               for i in (rencana.kegiatan_set.all() if rencana.pk else [])]
    katalog = KegiatanBelajar.objects.filter(status=KegiatanBelajar.Status.DISETUJUI)
    return RencanaKegiatanFormSet(data, initial=initial, prefix="kegiatan", form_kwargs={
        "katalog": katalog, "jalur": JalurBelajar.objects.filter(aktif=True)})


def planned_items(formset):
    """The rows filled in and not marked for removal."""
    return [f.item() for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class JalurForm(forms.ModelForm):
    class Meta:
        model = JalurBelajar
        fields = ["nama", "aktif"]


JalurFormSet = forms.modelformset_factory(JalurBelajar, form=JalurForm, extra=0)
