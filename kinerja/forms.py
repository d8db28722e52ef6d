from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.forms import DateInput, SekaliKirim, ServiceValidatedForm
from ekinerja.models import Jabatan, UnitKerja

from .adopsi import ALASAN
from .models import (
    Aktivitas,
    Arah,
    Iki,
    Indikator,
    IndikatorVersi,
    RencanaAksi,
    Rhk,
    SasaranOrganisasi,
    Skp,
    TahunKinerja,
    TemplateIki,
    TemplateRhk,
    UraianTugas,
)
from .selectors import (
    dengan_nama_kini,
    iki_choices_for,
    indikator_choices,
    intervensi_choices,
    label_indikator,
    rencana_aksi_choices,
    sasaran_choices,
    uraian_tugas_aktif,
)


class TahunForm(ServiceValidatedForm):
    class Meta:
        model = TahunKinerja
        fields = ["tahun", "ritme", "batas_skp", "hari_cutoff", "hari_keberatan",
                  "saat_cutoff", "hari_eskalasi", "kurva_wajib"]
        widgets = {"batas_skp": DateInput()}


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.TextInput)


class CodesField(forms.CharField):
    """Comma-separated codes of existing objects (positions or units)."""

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(required=False, max_length=4000, **kwargs)

    def clean(self, value):
        codes = [c.strip() for c in super().clean(value).split(",") if c.strip()]
        found = list(self.model.objects.filter(kode__in=codes))
        missing = sorted(set(codes) - {o.kode for o in found})
        if missing:
            raise forms.ValidationError(_("Unknown code(s): %(codes)s.")
                                        % {"codes": ", ".join(missing)})
        return found


class IndikatorVersiForm(ServiceValidatedForm):
    kode = forms.CharField(label=_("Code"), max_length=40)
    jabatan_kode = CodesField(model=Jabatan, label=_("Meant for positions (codes, comma "
                                                      "separated)"))
    unit_kode = CodesField(model=UnitKerja, label=_("Meant for units (codes, comma "
                                                     "separated)"))

    class Meta:
        model = IndikatorVersi
        fields = ["nama", "definisi", "satuan", "aspek", "arah", "agregasi", "wajib_bukti",
                  "berlaku_mulai"]
        widgets = {"berlaku_mulai": DateInput(),
                   "definisi": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, indikator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berlaku_mulai"].required = False
        if indikator is not None:
            self.fields["kode"].initial = indikator.kode
            self.fields["kode"].disabled = True
            self.fields["berlaku_mulai"].help_text = _(
                "Used already? The change applies from this date as a new version.")
            self.initial["jabatan_kode"] = ", ".join(j.kode for j in
                                                     self.instance.untuk_jabatan.all())
            self.initial["unit_kode"] = ", ".join(u.kode for u in self.instance.untuk_unit.all())
        else:
            del self.fields["berlaku_mulai"]


class SkpBaruForm(forms.Form):
    tahun = forms.ModelChoiceField(label=_("Year"), queryset=TahunKinerja.objects.all())


class RhkForm(SekaliKirim, ServiceValidatedForm):
    class Meta:
        model = Rhk
        fields = ["jenis", "uraian", "intervensi", "sasaran"]
        widgets = {"uraian": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.skp = skp
        choices = intervensi_choices(skp).select_related("skp__pegawai")
        self.fields["intervensi"].queryset = choices
        self.fields["sasaran"].queryset = sasaran_choices(skp)
        if not self.fields["sasaran"].queryset.exists():
            del self.fields["sasaran"]
        if not choices.exists():
            del self.fields["intervensi"]


class RencanaAksiForm(SekaliKirim, ServiceValidatedForm):
    class Meta:
        model = RencanaAksi
        fields = ["triwulan", "uraian", "target", "satuan"]
        # "Triwulan" is the domain's word (glossary), like SKP and RHK.
        widgets = {"triwulan": forms.Select(choices=[(n, f"Triwulan {n}") for n in range(1, 5)]),
                   "uraian": forms.Textarea(attrs={"rows": 2}),
                   "target": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1})}
        help_texts = {"satuan": _("As in BKN's e-Kinerja, e.g. Dokumen, Laporan, Kegiatan.")}

    def __init__(self, *args, rhk, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.rhk = rhk
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("triwulan", RencanaAksi.triwulan_of(timezone.localdate()))


class IkiForm(SekaliKirim, ServiceValidatedForm):
    indikator = forms.ModelChoiceField(
        label=_("From the indicator library"), required=False,
        queryset=Indikator.objects.filter(aktif=True),
        help_text=_("Leave empty to write an indicator for this SKP only."))

    class Meta:
        model = Iki
        fields = ["nama", "aspek", "satuan", "arah", "agregasi", "wajib_bukti", "target",
                  "target_atas", "bobot"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = indikator_choices(self.instance.rhk.skp)
        self.fields["indikator"].label_from_instance = label_indikator
        for name in ("nama", "aspek", "satuan"):
            self.fields[name].required = False
        if self.instance.indikator_versi_id:
            self.initial["indikator"] = self.instance.indikator_versi.indikator_id

    def clean(self):
        data = super().clean()
        if not data.get("indikator"):
            for name in ("nama", "aspek", "satuan"):
                if not data.get(name):
                    self.add_error(name, _("Required when no library indicator is chosen."))
        return data

    def _post_clean(self):
        super()._post_clean()
        from .services import indikator_versi_current

        indikator = self.cleaned_data.get("indikator")
        if indikator is not None:
            current = self.instance.indikator_versi
            if current is None or current.indikator_id != indikator.pk:
                self.instance.indikator_versi = indikator_versi_current(indikator)
        else:
            self.instance.indikator_versi = None
        if self.instance.arah != Arah.RENTANG:
            self.instance.target_atas = None


class TargetPeriodeForm(forms.Form):
    """One field per period of the year."""

    def __init__(self, *args, iki, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(iki.target_periode.all())
        for row in self.rows:
            self.fields[f"p{row.periode_id}"] = forms.DecimalField(
                label=str(row.periode), max_digits=12, decimal_places=2, initial=row.target,
                min_value=0)

    def values(self):
        return {row.periode_id: self.cleaned_data[f"p{row.periode_id}"] for row in self.rows}


class LampiranForm(ServiceValidatedForm):
    class Meta:
        model = Skp
        fields = ["pendekatan", "dukungan_sumber_daya", "skema_pertanggungjawaban",
                  "konsekuensi"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in
                   ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")}


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=_("What must be fixed"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class PerilakuForm(forms.Form):
    def __init__(self, *args, skp, **kwargs):
        from .berakhlak import BERAKHLAK

        super().__init__(*args, **kwargs)
        for p in skp.perilaku.all():
            self.fields[f"n{p.nilai}"] = forms.CharField(
                label=BERAKHLAK[p.nilai][0], required=False, max_length=2000,
                initial=p.ekspektasi_khusus, widget=forms.Textarea(attrs={"rows": 2}))

    def values(self):
        return {int(k[1:]): v for k, v in self.cleaned_data.items()}


class TemplateRhkForm(ServiceValidatedForm):
    class Meta:
        model = TemplateRhk
        fields = ["jenis", "uraian"]


class TemplateIkiForm(ServiceValidatedForm):
    class Meta:
        model = TemplateIki
        fields = ["rhk", "indikator", "target", "bobot"]

    def __init__(self, *args, jabatan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk"].queryset = TemplateRhk.objects.filter(jabatan=jabatan)
        self.fields["indikator"].queryset = dengan_nama_kini(Indikator.objects.filter(aktif=True))
        self.fields["indikator"].label_from_instance = label_indikator


class TemplateApplyForm(forms.Form):
    tahun = forms.ModelChoiceField(label=_("Year"), queryset=TahunKinerja.objects.all())


class UraianTugasForm(ServiceValidatedForm):
    class Meta:
        model = UraianTugas
        fields = ["uraian", "satuan_output", "menit_standar", "indikator"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = dengan_nama_kini(Indikator.objects.filter(aktif=True))
        self.fields["indikator"].label_from_instance = label_indikator


class SasaranForm(ServiceValidatedForm):
    class Meta:
        model = SasaranOrganisasi
        fields = ["unit", "tahun", "uraian"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(
            path__startswith=scope.path, jenis__in=UnitKerja.OPD_KINDS)


class AktivitasForm(SekaliKirim, ServiceValidatedForm):
    class Meta:
        model = Aktivitas
        fields = ["tanggal", "mulai", "selesai", "kategori", "iki", "rencana_aksi", "uraian",
                  "output", "uraian_tugas"]
        widgets = {"tanggal": DateInput(), "uraian_tugas": forms.HiddenInput(),
                   "mulai": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "selesai": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "uraian": forms.Textarea(attrs={"rows": 2}),
                   "output": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})}

    def __init__(self, *args, pegawai, tanggal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pegawai = pegawai
        self.fields["iki"].queryset = iki_choices_for(pegawai=pegawai, tanggal=tanggal)
        self.fields["iki"].label_from_instance = lambda iki: f"{iki.nama} ({iki.satuan})"
        self.fields["uraian_tugas"].queryset = uraian_tugas_aktif(pegawai.jabatan_id)
        rencana = rencana_aksi_choices(pegawai=pegawai, tanggal=tanggal)
        self.fields["rencana_aksi"].queryset = rencana
        self.fields["rencana_aksi"].label_from_instance = (
            lambda ra: f"{ra.rhk.uraian[:60]} › {ra.uraian} ({ra.target} {ra.satuan})")
        self.fields["rencana_aksi"].help_text = _(
            "The quarter's action plan of the IKI's RHK, as in BKN's e-Kinerja (optional).")
        if not rencana.exists():
            del self.fields["rencana_aksi"]

    def tanpa_iki(self):
        """No IKI to choose from (no SKP approved for the year yet): the page says why."""
        return not self.fields["iki"].queryset.exists()


class BuktiForm(forms.Form):
    berkas = forms.FileField(label=_("File (PDF, JPEG, PNG, DOCX, XLSX)"), required=False,
                             allow_empty_file=True)
    tautan = forms.URLField(label=_("or a link"), required=False, max_length=500,
                            assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("berkas") and not data.get("tautan"):
            raise forms.ValidationError(_("Choose a file or give a link."))
        return data


class AdopsiAlasanForm(forms.Form):
    """The reason to narrow the people to reach to (or to remind), on the adoption page."""

    alasan = forms.ChoiceField(label=_("Why"), required=False,
                               choices=[("", _("Any reason")), *ALASAN.items()])


class ProgresHarianForm(forms.Form):
    """The range (and, for an atasan, whose) of a Progres Harian export."""

    dari = forms.DateField(label=_("From"), widget=DateInput())
    sampai = forms.DateField(label=_("To"), widget=DateInput())
    lingkup = forms.ChoiceField(label=_("Whose"), choices=[("saya", _("Mine")),
                                                           ("tim", _("My team"))],
                                initial="saya", required=False)

    def __init__(self, *args, punya_tim, **kwargs):
        super().__init__(*args, **kwargs)
        if not punya_tim:
            self.fields["lingkup"].widget = forms.HiddenInput()

    def clean_lingkup(self):
        return self.cleaned_data.get("lingkup") or "saya"

    def clean(self):
        from .progres import rentang_check

        data = super().clean()
        if data.get("dari") and data.get("sampai"):
            try:
                rentang_check(data["dari"], data["sampai"])
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return data


class TriwulanForm(forms.Form):
    """Which quarter a fill-rate page shows (`selectors.triwulan_pilihan`)."""

    triwulan = forms.ChoiceField(label=_("Quarter"), widget=forms.Select(
        attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, pilihan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["triwulan"].choices = [(f"{y}-{q}", f"Triwulan {q} {y}") for y, q in pilihan]

    def terpilih(self):
        """(year, quarter): the one asked for, else the newest."""
        value = self.cleaned_data["triwulan"] if self.is_bound and self.is_valid() \
            else self.fields["triwulan"].choices[0][0]
        year, quarter = value.split("-")
        return int(year), int(quarter)
