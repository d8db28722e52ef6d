import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .golongan import ALL_CHOICES
from .models import (
    Gangguan,
    HariLibur,
    ImporData,
    Jabatan,
    Pegawai,
    Pengumuman,
    PenugasanPlt,
    UnitKerja,
)
from .nip import normalize_nip
from .selectors import units_in_scope


class DateInput(forms.DateInput):
    """The browser's date picker: it only understands ISO dates, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP"), max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "numeric",
                                      "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The NIP or password is wrong. Check both and try again."),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sizes the field to the stored 18 digits; people type spaces and dots.
        self.fields["username"].max_length = 40
        self.fields["username"].widget.attrs["maxlength"] = 40

    def clean_username(self):
        return normalize_nip(self.cleaned_data["username"])

    def clean(self):
        """Besides django-axes' lockout per NIP and address: a ceiling on failed logins
        from one address across NIPs (password spraying), high enough for an office
        behind one NAT (LOGIN_FAILURE_LIMIT_PER_ADDRESS). Checked before the password,
        so a sprayer also stops costing a PBKDF2 hash per try."""
        from .batas import batas_hitung, batas_jumlah

        window = settings.AXES_COOLOFF_TIME * 3600
        if self.request is not None and batas_jumlah(
                self.request, ruang="masuk-gagal") >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            raise forms.ValidationError(
                _("Too many failed logins from this address. Try again in %(minutes)s "
                  "minutes.") % {"minutes": round(window / 60)}, code="terlalu_sering")
        try:
            return super().clean()
        except forms.ValidationError as exc:
            if self.request is not None and getattr(exc, "code", None) == "invalid_login":
                batas_hitung(self.request, ruang="masuk-gagal", detik=round(window))
            raise


class SekaliKirim(forms.Form):
    """A form whose submission creates something: a hidden key, new on each page load, so
    the same submission sent twice creates once (ekinerja.views.forms.form_page)."""

    # Not required: a client without it (an old page, a script) simply gets no guard.
    kunci_kiriman = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4,
                                    required=False)


class ServiceValidatedForm(forms.ModelForm):
    """Model validation runs once, in the service (which knows the rules that span rows);
    the form only parses input and builds the instance."""

    def _post_clean(self):
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)


class UnitKerjaForm(ServiceValidatedForm):
    class Meta:
        model = UnitKerja
        fields = ["kode", "nama", "jenis", "parent", "hari_kerja", "kode_siasn", "aktif"]
        help_texts = {"kode_siasn": _("SIASN's id of this unit (ref-unor), for the SIASN "
                                      "pull.")}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        parents = units_in_scope(scope)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
            if self.instance.pk == scope.pk:
                # An admin's own scope root stays where it is.
                self.fields["parent"].disabled = True
                parents = UnitKerja.objects.filter(pk=self.instance.parent_id)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False


class JabatanForm(ServiceValidatedForm):
    class Meta:
        model = Jabatan
        fields = ["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "unit", "kepala_unit",
                  "aktif"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(scope).filter(aktif=True)


class JabatanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama} — {obj.unit.nama}"


class PegawaiForm(ServiceValidatedForm):
    # Wider than the stored 18 digits: people type spaces and dots (19860926 201505 1 001).
    nip = forms.CharField(label=_("NIP"), max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    golongan = forms.ChoiceField(label=capfirst(_("rank (golongan)")), choices=ALL_CHOICES)
    nip_atasan = forms.CharField(
        label=_("Supervisor NIP (override)"), required=False, max_length=40,
        help_text=_("Leave empty: the supervisor follows the org chart. Fill in only when "
                    "someone else supervises this person, e.g. fungsional staff."),
    )

    class Meta:
        model = Pegawai
        fields = ["nip", "gelar_depan", "nama", "gelar_belakang", "jenis", "golongan",
                  "jabatan", "email", "admin_scope", "aktif"]

    def __init__(self, *args, scope, may_grant_admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jabatan"] = JabatanChoiceField(
            label=capfirst(_("position")), required=True,
            queryset=Jabatan.objects.filter(unit__path__startswith=scope.path, aktif=True)
            .select_related("unit").order_by("unit__path", "-kepala_unit", "nama"),
        )
        if may_grant_admin:
            self.fields["admin_scope"].queryset = UnitKerja.objects.filter(
                jenis__in=[UnitKerja.Jenis.INSTANSI, *UnitKerja.OPD_KINDS], aktif=True)
            self.fields["admin_scope"].help_text = _(
                "Admin BKD: the government; Admin OPD: one OPD. Leave empty for no admin role.")
        else:
            del self.fields["admin_scope"]
        if self.instance.pk and self.instance.atasan_override_id:
            self.initial["nip_atasan"] = self.instance.atasan_override.nip

    def clean_nip(self):
        return normalize_nip(self.cleaned_data["nip"])

    def clean_nip_atasan(self):
        nip = normalize_nip(self.cleaned_data["nip_atasan"])
        if not nip:
            return None
        atasan = Pegawai.objects.filter(nip=nip, aktif=True).first()
        if atasan is None:
            raise forms.ValidationError(_("No active employee has this NIP."))
        return atasan

    def _post_clean(self):
        super()._post_clean()
        jabatan = self.cleaned_data.get("jabatan")
        if jabatan is not None:
            self.instance.unit = jabatan.unit
        self.instance.atasan_override = self.cleaned_data.get("nip_atasan")


class HariLiburForm(ServiceValidatedForm):
    class Meta:
        model = HariLibur
        fields = ["tanggal", "nama", "jenis"]
        widgets = {"tanggal": DateInput()}


class PenugasanPltForm(ServiceValidatedForm):
    nip = forms.CharField(label=_("NIP of the acting person"), max_length=30)

    class Meta:
        model = PenugasanPlt
        fields = ["jabatan", "jenis", "mulai", "selesai", "nomor_sk"]
        widgets = {"mulai": DateInput(), "selesai": DateInput()}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jabatan"] = JabatanChoiceField(
            label=capfirst(_("post")), queryset=Jabatan.objects.filter(
                unit__path__startswith=scope.path, aktif=True, kepala_unit=True)
            .select_related("unit").order_by("unit__path"))
        self.order_fields(["nip", "jabatan", "jenis", "mulai", "selesai", "nomor_sk"])

    def clean_nip(self):
        pegawai = Pegawai.objects.filter(nip=normalize_nip(self.cleaned_data["nip"])).first()
        if pegawai is None:
            raise forms.ValidationError(_("No employee has this NIP."))
        return pegawai

    def _post_clean(self):
        pegawai = self.cleaned_data.get("nip")
        if pegawai is None:
            return  # the NIP error is shown; nothing more to check
        self.instance.pegawai = pegawai
        super()._post_clean()


class BerkasImporForm(forms.Form):
    """An import file: .csv or .xlsx, at most IMPORT_MAX_BYTES."""

    berkas = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {
                "mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
        if not berkas.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        return berkas


class ImporForm(BerkasImporForm):
    jenis = forms.ChoiceField(label=_("What to import"), choices=[
        choice for choice in ImporData.Jenis.choices if choice[0] not in ImporData.PRIBADI])
    field_order = ["jenis", "berkas"]


class AuditFilterForm(forms.Form):
    pegawai = forms.CharField(label=_("about employee (NIP)"), required=False, max_length=30)
    action = forms.CharField(label=_("action"), required=False, max_length=60)
    actor_nip = forms.CharField(label=_("actor NIP"), required=False, max_length=30)
    date_from = forms.DateField(label=_("from"), required=False,
                                widget=DateInput())
    date_to = forms.DateField(label=_("to"), required=False,
                              widget=DateInput())

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope

    def clean_pegawai(self):
        """The person whose records to show: an employee in the admin's scope."""
        raw = self.cleaned_data["pegawai"]
        if not raw:
            return None
        person = Pegawai.objects.filter(nip=normalize_nip(raw),
                                        unit__path__startswith=self.scope.path).first()
        if person is None:
            raise forms.ValidationError(_("No employee with this NIP in your scope."))
        return person


def add_service_errors(form, exc, field_map=None):
    """Show a service's ValidationError on the form: on the field when the form has it,
    otherwise at the top of the form."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        target = field_map.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class GangguanForm(ServiceValidatedForm):
    class Meta:
        model = Gangguan
        fields = ["judul", "isi", "mulai", "selesai", "susulan_dari", "susulan_sampai",
                  "susulan_batas"]
        widgets = {"isi": forms.Textarea(attrs={"rows": 4}),
                   "mulai": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                format="%Y-%m-%dT%H:%M"),
                   "selesai": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                  format="%Y-%m-%dT%H:%M"),
                   "susulan_dari": DateInput(), "susulan_sampai": DateInput(),
                   "susulan_batas": DateInput()}
        help_texts = {
            "selesai": _("Empty while it is still going on."),
            "susulan_dari": _("Optional: the days people could not report. Their activities "
                              "are accepted until the window closes, even after their month "
                              "has closed, and those periods wait for it before closing."),
        }


class PengumumanForm(ServiceValidatedForm):
    class Meta:
        model = Pengumuman
        fields = ["judul", "isi", "unit", "peran", "mulai", "selesai"]
        widgets = {"isi": forms.Textarea(attrs={"rows": 5}), "mulai": DateInput(),
                   "selesai": DateInput()}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(scope).order_by("path")
        self.fields["unit"].help_text = _("Everyone placed in this unit or below it.")


class MfaKodeForm(forms.Form):
    """The second step: the app's code, or a recovery code (spaces and dashes ignored)."""

    kode = forms.CharField(
        label=_("Code"), max_length=40,
        error_messages={"required": _("Enter the code from your authenticator app.")},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code",
                                      "autocapitalize": "none", "spellcheck": "false"}),
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery "
                    "codes."))

    def clean_kode(self):
        from .mfa import POLA_PEMULIHAN, POLA_TOTP, normalisasi_kode

        kode = normalisasi_kode(self.cleaned_data["kode"])
        if not (POLA_TOTP.match(kode) or POLA_PEMULIHAN.match(kode)):
            raise forms.ValidationError(
                _("This is not a code: enter the 6 digits from your authenticator app, or a "
                  "recovery code (8 letters and digits)."), code="format")
        return kode


class MfaDaftarForm(forms.Form):
    """Adding an authenticator app: its name, and its first code to prove it works."""

    nama = forms.CharField(label=_("Name of this app or phone"), max_length=64,
                           initial=_("Authenticator app"),
                           help_text=_("To tell your apps apart later, e.g. \"Samsung A54\"."))
    kode = forms.CharField(
        label=_("Code from the app"), max_length=20,
        error_messages={"required": _("Enter the code the app shows.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))

    def clean_kode(self):
        from .mfa import POLA_TOTP, normalisasi_kode

        kode = normalisasi_kode(self.cleaned_data["kode"])
        if not POLA_TOTP.match(kode):
            raise forms.ValidationError(_("The code is the 6 digits the app shows."),
                                        code="format")
        return kode
