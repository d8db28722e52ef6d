"""The appraisal's forms: validation decisions, the evaluation, the curve and its limits,
realisation entered by hand, recompute requests, the monitoring period filter, service
units, voiding answers and the public survey."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekinerja.forms import DateInput, ServiceValidatedForm
from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.nip import normalize_nip
from kinerja.berakhlak import BERAKHLAK
from kinerja.models import Izin, KontrakPppk, Periode

from . import ikm
from .models import (
    AksiDialog,
    BatasKurva,
    Dialog,
    JenisLayanan,
    KebijakanTpp,
    PakAwal,
    PredikatOrganisasi,
    Putaran360,
    SyaratJenjang,
    UnitLayanan,
)
from .predikat import Predikat, Rating

# --- validation -------------------------------------------------------------------------

LAIN = "lain"
ALASAN_TOLAK = [
    ("luar_tugas", gettext_lazy("Not part of the SKP or the duties of the post")),
    ("bukti", gettext_lazy("The evidence does not support the activity")),
    ("waktu", gettext_lazy("The time or minutes are not reasonable")),
    ("ganda", gettext_lazy("A duplicate of another activity")),
    (LAIN, gettext_lazy("Another reason (write it)")),
]


class SetujuiForm(forms.Form):
    output = forms.DecimalField(label=gettext_lazy("Output"), max_digits=10,
                                decimal_places=2, min_value=0, required=False,
                                localize=True)
    catatan = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)


class TolakForm(forms.Form):
    alasan = forms.ChoiceField(label=gettext_lazy("Reason"), choices=ALASAN_TOLAK)
    catatan = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("alasan") == LAIN and not data.get("catatan", "").strip():
            self.add_error("catatan", _("Write the reason."))
        return data

    def text(self):
        data = self.cleaned_data
        chosen = dict(ALASAN_TOLAK)[data["alasan"]]
        if data["alasan"] == LAIN:
            return data["catatan"].strip()
        return f"{chosen}: {data['catatan'].strip()}" if data["catatan"].strip() else str(chosen)


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=gettext_lazy("Note"), max_length=500)


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


# --- evaluation -------------------------------------------------------------------------

RATING_CHOICES = [("", "—"), *Rating.choices]


class EvaluasiForm(forms.Form):
    rating_hasil = forms.ChoiceField(label=gettext_lazy("Rating of hasil kerja"),
                                     choices=RATING_CHOICES, required=False)
    alasan_rating = forms.CharField(label=gettext_lazy("Why another rating than the "
                                                       "suggested one"),
                                    max_length=2000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    rating_perilaku = forms.ChoiceField(label=gettext_lazy("Overall rating of perilaku"),
                                        choices=RATING_CHOICES, required=False)

    def __init__(self, *args, evaluasi, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluasi = evaluasi
        for row in evaluasi.rhk_set.all():
            self.fields[f"rhk_{row.rhk_id}"] = forms.CharField(
                label=row.rhk.uraian, required=False, max_length=2000, initial=row.umpan_balik,
                widget=forms.Textarea(attrs={"rows": 2}))
        for row in evaluasi.perilaku_set.all():
            name = BERAKHLAK[row.nilai][0]
            self.fields[f"perilaku_{row.nilai}"] = forms.ChoiceField(
                label=name, choices=RATING_CHOICES, required=False, initial=row.rating)
            self.fields[f"perilaku_{row.nilai}_umpan"] = forms.CharField(
                label=_("Feedback on %(value)s") % {"value": name}, required=False,
                max_length=2000, initial=row.umpan_balik)
        self.initial.update(rating_hasil=evaluasi.rating_hasil or evaluasi.rating_saran,
                            alasan_rating=evaluasi.alasan_rating,
                            rating_perilaku=evaluasi.rating_perilaku)

    def perilaku_fields(self):
        return [(self[f"perilaku_{n}"], self[f"perilaku_{n}_umpan"], BERAKHLAK[n][1])
                for n in sorted(BERAKHLAK)]


# --- the organisation predikat and the curve's limits ---------------------------------


class PredikatUnitForm(forms.Form):
    # No default: "Finalkan" sits next to it, and a preselected "Istimewa" would be
    # finalised by a careless click.
    predikat = forms.ChoiceField(label=gettext_lazy("Organisation predikat"),
                                 choices=[("", "---------"), *PredikatOrganisasi.choices])
    alasan = forms.CharField(label=gettext_lazy("Justification when outside the curve"),
                             required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class BatasForm(forms.ModelForm):
    class Meta:
        model = BatasKurva
        fields = ["jenis", "persen"]

    def clean_persen(self):
        persen = self.cleaned_data["persen"]
        if persen is None or not 0 <= persen <= 100:
            raise ValidationError(gettext_lazy("A share is between 0 and 100."))
        return persen


BatasFormSet = forms.modelformset_factory(BatasKurva, form=BatasForm, extra=0)


# --- scores -----------------------------------------------------------------------------


class RealisasiManualForm(forms.Form):
    nilai = forms.DecimalField(label=gettext_lazy("Realisation"), max_digits=12,
                               decimal_places=2, min_value=0, localize=True)
    keterangan = forms.CharField(label=gettext_lazy("Source or explanation"), max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class RecomputeForm(forms.Form):
    periode = forms.ModelChoiceField(label=gettext_lazy("Period"),
                                     queryset=Periode.objects.none())
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit (empty: everything you administer)"),
                                  queryset=UnitKerja.objects.none(), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = Periode.objects.select_related("tahun").order_by(
            "-mulai")
        self.fields["unit"].queryset = UnitKerja.objects.filter(
            path__startswith=scope.path, jenis__in=[UnitKerja.Jenis.INSTANSI,
                                                     *UnitKerja.OPD_KINDS])


# --- monitoring -------------------------------------------------------------------------


class PeriodeForm(forms.Form):
    periode = forms.TypedChoiceField(label=gettext_lazy("Period"), coerce=int, required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.pk: p for p in periods}
        self.fields["periode"].choices = [(p.pk, str(p)) for p in periods]


# --- service units, voiding answers -------------------------------------------------------


class UnitLayananForm(ServiceValidatedForm):
    layanan = forms.CharField(label=gettext_lazy("Services (one per line)"),
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    class Meta:
        model = UnitLayanan
        fields = ["unit", "nama", "alamat", "aktif"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(
            path__startswith=scope.path).order_by("path")
        if self.instance.pk:
            self.initial["layanan"] = "\n".join(
                self.instance.layanan_set.filter(aktif=True).values_list("nama", flat=True))


class BatalForm(forms.Form):
    mulai = forms.DateTimeField(label=gettext_lazy("From"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    selesai = forms.DateTimeField(label=gettext_lazy("Until"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    alasan = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] < data["mulai"]:
            raise forms.ValidationError(_("The end cannot be before the start."))
        return data


# --- the public survey --------------------------------------------------------------------

USIA = [("", "-"), ("<20", "di bawah 20"), ("20-34", "20-34"), ("35-49", "35-49"),
        ("50-64", "50-64"), ("65+", "65 ke atas")]
KELAMIN = [("", "-"), ("L", "Laki-laki"), ("P", "Perempuan")]
PENDIDIKAN = [("", "-"), ("sd", "SD atau di bawahnya"), ("smp", "SMP"), ("sma", "SMA/SMK"),
              ("diploma", "Diploma"), ("s1", "S1"), ("s2+", "S2/S3")]
PEKERJAAN = [("", "-"), ("pelajar", "Pelajar/mahasiswa"), ("asn", "ASN/TNI/Polri"),
             ("swasta", "Pegawai swasta"), ("wirausaha", "Wirausaha"),
             ("lainnya", "Lainnya")]


class SurveiForm(forms.Form):
    layanan = forms.ModelChoiceField(label="Layanan yang Anda terima",
                                     queryset=JenisLayanan.objects.none(), empty_label=None,
                                     widget=forms.RadioSelect)
    komentar = forms.CharField(label="Saran atau komentar (tidak wajib)", required=False,
                               max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    usia = forms.ChoiceField(label="Usia", choices=USIA, required=False)
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=KELAMIN, required=False)
    pendidikan = forms.ChoiceField(label="Pendidikan", choices=PENDIDIKAN, required=False)
    pekerjaan = forms.ChoiceField(label="Pekerjaan", choices=PEKERJAAN, required=False)
    # Hidden from people; a bot filling every field fills it.
    situs = forms.CharField(label="Situs web", required=False)

    def __init__(self, *args, unit_layanan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = unit_layanan.layanan_set.filter(aktif=True)
        for n, (nama, tanya) in enumerate(ikm.UNSUR, start=1):
            self.fields[f"u{n}"] = forms.TypedChoiceField(
                label=f"{n}. {tanya}", help_text=nama, choices=ikm.SKALA, coerce=int,
                widget=forms.RadioSelect)
        self.order_fields(["layanan", *ikm.KOLOM])

    def unsur(self):
        return [self[k] for k in ikm.KOLOM]

    def demografi(self):
        return [self[k] for k in ("usia", "jenis_kelamin", "pendidikan", "pekerjaan")]


# --- angka kredit ----------------------------------------------------------------------------


def _desimal_lokal(field):
    """A decimal typed and shown as Indonesians write it (61,25): a text box, since a number
    box neither shows nor takes a comma."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    field.widget.is_localized = True


class PakAwalForm(ServiceValidatedForm):
    class Meta:
        model = PakAwal
        fields = ["jenis", "per_tanggal", "nilai", "jenjang", "nomor_sk", "tanggal_sk"]
        widgets = {"per_tanggal": DateInput(), "tanggal_sk": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _desimal_lokal(self.fields["nilai"])

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("per_tanggal", "tanggal_sk"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        return data


class PakTerbitForm(forms.Form):
    nomor = forms.CharField(label=gettext_lazy("PAK number"), max_length=100)


class SyaratJenjangForm(ServiceValidatedForm):
    class Meta:
        model = SyaratJenjang
        fields = ["formasi", "formasi_keterangan", "ukom", "ukom_keterangan"]
        widgets = {"formasi": DateInput(), "ukom": DateInput()}


class AturanAngkaKreditForm(forms.Form):
    """A new version of the conversion rule, prefilled with the one in force: the percentage
    per predikat and, per jenjang, the coefficient and the credit for the next rank and
    level (left empty at the top of a ladder)."""

    berlaku_mulai = forms.DateField(label=gettext_lazy("Effective from"), widget=DateInput())
    sumber = forms.CharField(label=gettext_lazy("Legal basis"), max_length=300)

    def __init__(self, *args, tabel=None, **kwargs):
        super().__init__(*args, **kwargs)
        angka = {"max_digits": 7, "decimal_places": 3, "localize": True}
        for value, label in Predikat.choices:
            self.fields[f"persen_{value}"] = forms.DecimalField(
                label=label, min_value=0, max_value=300, **angka,
                initial=tabel.persen.get(value) if tabel else None)
        for value, label in Jabatan.Jenjang.choices:
            row = tabel.koefisien.get(value) if tabel else None
            self.fields[f"koefisien_{value}"] = forms.DecimalField(
                label=label, min_value=Decimal("0.001"), **angka,
                initial=row.koefisien if row else None)
            self.fields[f"pangkat_{value}"] = forms.DecimalField(
                label=label, min_value=Decimal("0.001"), **angka,
                initial=row.kebutuhan_pangkat if row else None)
            self.fields[f"jenjang_{value}"] = forms.DecimalField(
                label=label, min_value=Decimal("0.001"), required=False, **angka,
                initial=row.kebutuhan_jenjang if row else None)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control form-control-sm"

    def baris_persen(self):
        return [self[f"persen_{value}"] for value in Predikat.values]

    def baris_jenjang(self):
        return [(label, [self[f"koefisien_{value}"], self[f"pangkat_{value}"],
                         self[f"jenjang_{value}"]]) for value, label in Jabatan.Jenjang.choices]

    def nilai(self):
        data = self.cleaned_data
        return ({p: data[f"persen_{p}"] for p in Predikat.values},
                {j: (data[f"koefisien_{j}"], data[f"pangkat_{j}"], data[f"jenjang_{j}"])
                 for j in Jabatan.Jenjang.values})


# --- dialog kinerja ----------------------------------------------------------------------------


class DialogForm(ServiceValidatedForm):
    class Meta:
        model = Dialog
        fields = ["tanggal", "jenis", "direncanakan", "topik"]
        widgets = {"tanggal": DateInput()}
        help_texts = {"direncanakan": gettext_lazy(
            "Planned ahead; leave it unticked for a dialogue already held ad hoc.")}


class DialogCatatanForm(forms.Form):
    catatan = forms.CharField(label=gettext_lazy("My notes"), max_length=5000,
                              required=False, widget=forms.Textarea(attrs={"rows": 5}))


class AksiDialogForm(ServiceValidatedForm):
    class Meta:
        model = AksiDialog
        fields = ["uraian", "pemilik", "tenggat"]
        widgets = {"tenggat": DateInput()}

    def __init__(self, *args, dialog, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemilik"].queryset = Pegawai.objects.filter(
            pk__in=[dialog.pegawai_id, dialog.atasan_id])
        self.fields["pemilik"].empty_label = None


class AksiTutupForm(forms.Form):
    catatan = forms.CharField(label=gettext_lazy("How it ended"), max_length=300,
                              required=False)


# --- calibration ---------------------------------------------------------------------------


class KalibrasiBukaForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=None, empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"


class KalibrasiUbahForm(forms.Form):
    predikat = forms.ChoiceField(label=gettext_lazy("Calibrated predikat"),
                                 choices=Predikat.choices)
    alasan = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, required=False)


class KalibrasiPratinjauForm(forms.Form):
    setuju = forms.TypedChoiceField(label=gettext_lazy("Preview"), coerce=lambda v: v == "1",
                                    choices=[("1", gettext_lazy("Agree")),
                                             ("0", gettext_lazy("Disagree"))])
    alasan = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, required=False)


class KalibrasiTutupForm(forms.Form):
    alasan = forms.CharField(label=gettext_lazy("Justification if outside the curve"),
                             max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


# --- 360 feedback ---------------------------------------------------------------------------


class NominasiForm(forms.Form):
    penilai = forms.TypedMultipleChoiceField(label=gettext_lazy("Raters"), coerce=int,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kandidat, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penilai"].choices = [
            (p.pk, f"{p.nama_lengkap} ({h.label})")
            for p, h in kandidat]


class JawabanForm(forms.Form):
    """The 7 BerAKHLAK values, each rated 1-5 with an optional comment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nilai, (nama, _keterangan) in BERAKHLAK.items():
            self.fields[f"skor_{nilai}"] = forms.TypedChoiceField(
                label=nama, coerce=int, choices=[(n, str(n)) for n in range(1, 6)],
                widget=forms.RadioSelect)
            self.fields[f"komentar_{nilai}"] = forms.CharField(
                label=gettext_lazy("Comment"), max_length=500, required=False)

    def baris(self):
        return [(self[f"skor_{n}"], self[f"komentar_{n}"], BERAKHLAK[n][1]) for n in BERAKHLAK]

    def jawaban(self):
        return {n: (self.cleaned_data[f"skor_{n}"], self.cleaned_data[f"komentar_{n}"])
                for n in BERAKHLAK}


class PutaranForm(ServiceValidatedForm):
    class Meta:
        model = Putaran360
        fields = ["aktif", "maks_penilai", "batas"]
        widgets = {"batas": DateInput()}


# --- TPP ------------------------------------------------------------------------------------


class _OrangDiLingkup(ServiceValidatedForm):
    """A record about an active person of the admin's scope, named by NIP, over a range of
    days (`mulai` to `selesai`)."""

    nip = forms.CharField(label=gettext_lazy("Employee's NIP"), max_length=30)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope

    def clean_nip(self):
        person = Pegawai.objects.filter(nip=normalize_nip(self.cleaned_data["nip"]),
                                        aktif=True, unit__path__startswith=self.scope.path) \
            .select_related("unit").first()
        if person is None:
            raise ValidationError(_("No active employee with this NIP in your scope."))
        self.instance.pegawai = person
        return person.nip

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] < data["mulai"]:
            self.add_error("selesai", _("The end cannot be before the start."))
        return data


class IzinForm(_OrangDiLingkup):
    class Meta:
        model = Izin
        fields = ["jenis", "mulai", "selesai", "nomor_surat", "keterangan"]
        widgets = {"mulai": DateInput(), "selesai": DateInput()}

    field_order = ["nip", "jenis", "mulai", "selesai", "nomor_surat", "keterangan"]


class KebijakanTppForm(ServiceValidatedForm):
    """A new version of the TPP rule, prefilled with the one in force: its shares, hours,
    cuts and gates, the base of each position class, and four late and four early-leave
    bands (from, to (empty: and more), percent)."""

    class Meta:
        model = KebijakanTpp
        fields = ["berlaku_mulai", "sumber", "bobot_kinerja", "bobot_disiplin", "jam_masuk",
                  "jam_pulang", "persen_tk_hari", "tk_hari_potong_50", "tk_hari_hapus",
                  "persen_cpns", "gerbang_skp", "gerbang_evaluasi"]
        widgets = {"berlaku_mulai": DateInput(),
                   "jam_masuk": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "jam_pulang": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, kini=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("bobot_kinerja", "bobot_disiplin", "persen_tk_hari", "persen_cpns"):
            _desimal_lokal(self.fields[name])
        for kelas in range(1, 18):
            self.fields[f"basis_{kelas}"] = forms.IntegerField(
                label=_("Class %(n)s") % {"n": kelas}, min_value=0, max_value=200_000_000,
                initial=kini.basis.get(kelas) if kini else None)
        for kind in ("tl", "psw"):
            rows = kini.band[kind] if kini else []
            for i in range(4):
                band = rows[i] if i < len(rows) else None
                self.fields[f"{kind}_{i}_dari"] = forms.IntegerField(
                    min_value=1, max_value=1440, required=False,
                    initial=band.dari_menit if band else None)
                self.fields[f"{kind}_{i}_sampai"] = forms.IntegerField(
                    min_value=1, max_value=1440, required=False,
                    initial=band.sampai_menit if band else None)
                self.fields[f"{kind}_{i}_persen"] = forms.DecimalField(
                    min_value=0, max_value=100, max_digits=5, decimal_places=2,
                    required=False, localize=True, initial=band.persen if band else None)
                for part in ("dari", "sampai", "persen"):
                    self.fields[f"{kind}_{i}_{part}"].widget.attrs.update({
                        "class": "form-control form-control-sm",
                        "aria-label": f"{kind.upper()} {i + 1} {part}"})

    def clean(self):
        data = super().clean()
        if data.get("bobot_kinerja") is not None and data.get("bobot_disiplin") is not None \
                and data["bobot_kinerja"] + data["bobot_disiplin"] != 100:
            self.add_error("bobot_disiplin", _("The two shares add up to 100%."))
        for kind in ("tl", "psw"):
            for a, b, _p in self.band().get(kind, []):
                if b is not None and b < a:
                    self.add_error(None, _("A band ends before it starts."))
        return data

    def basis(self):
        return {k: self.cleaned_data[f"basis_{k}"] for k in range(1, 18)}

    def band(self):
        data = getattr(self, "cleaned_data", {})
        return {kind: [(data[f"{kind}_{i}_dari"], data.get(f"{kind}_{i}_sampai"),
                        data[f"{kind}_{i}_persen"]) for i in range(4)
                       if data.get(f"{kind}_{i}_dari") and
                       data.get(f"{kind}_{i}_persen") is not None]
                for kind in ("tl", "psw")}

    def baris_basis(self):
        return [self[f"basis_{k}"] for k in range(1, 18)]

    def baris_band(self):
        return [(kind, [[self[f"{kind}_{i}_{part}"] for part in ("dari", "sampai", "persen")]
                        for i in range(4)]) for kind in ("tl", "psw")]


class KontrakPppkForm(_OrangDiLingkup):
    class Meta:
        model = KontrakPppk
        fields = ["nomor", "jenis", "mulai", "selesai", "tugas"]
        widgets = {"mulai": DateInput(), "selesai": DateInput(),
                   "tugas": forms.Textarea(attrs={"rows": 4})}

    field_order = ["nip", "nomor", "jenis", "mulai", "selesai", "tugas"]
