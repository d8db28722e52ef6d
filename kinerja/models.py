"""What the employee plans: periods, the indicator library, templates, the SKP.

PermenPANRB 6/2022: the SKP holds RHK (Utama / Tambahan) linked to the atasan's RHK
(intervensi), each with IKI (aspek, target, satuan), plus the 7 perilaku kerja values
with the atasan's ekspektasi khusus and a lampiran.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ekinerja.models import Jabatan, UnitKerja


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", _("Quantity")
    KUALITAS = "kualitas", _("Quality")
    WAKTU = "waktu", _("Time")
    BIAYA = "biaya", _("Cost")


class Arah(models.TextChoices):
    NAIK = "naik", _("Higher is better")
    TURUN = "turun", _("Lower is better")
    RENTANG = "rentang", _("Within a target range")


class Agregasi(models.TextChoices):
    JUMLAH = "jumlah", _("Sum of output")
    HITUNG = "hitung", _("Count of activities")
    RATA = "rata", _("Average")
    TERAKHIR = "terakhir", _("Last value")
    MANUAL = "manual", _("Entered by hand")


# Realisation that adds up over the year: its period targets split the annual target and
# must sum to it. Averages, last values and ranges hold for every period as they are.
AGREGASI_ADITIF = (Agregasi.JUMLAH, Agregasi.HITUNG)


class TahunKinerja(models.Model):
    class Ritme(models.TextChoices):
        BULANAN = "bulanan", _("Monthly")
        TRIWULANAN = "triwulanan", _("Quarterly")

    tahun = models.PositiveSmallIntegerField(_("year"), unique=True,
                                             validators=[MinValueValidator(2020),
                                                         MaxValueValidator(2100)])
    ritme = models.CharField(_("evaluation rhythm"), max_length=10, choices=Ritme.choices)
    batas_skp = models.DateField(_("SKP deadline"))
    hari_cutoff = models.PositiveSmallIntegerField(
        _("monthly cut-off day"), validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the following month until which a month's activities can be "
                    "entered and validated."))
    hari_keberatan = models.PositiveSmallIntegerField(
        _("days to appeal"), default=14, validators=[MinValueValidator(1),
                                                     MaxValueValidator(90)],
        help_text=_("How many days after an evaluation is final its employee may appeal."))
    class SaatCutoff(models.TextChoices):
        ESKALASI = "eskalasi", _("Escalate to the supervisor's supervisor")
        TANDAI = "tandai", _("Keep pending and flag")

    saat_cutoff = models.CharField(
        _("activities still pending at the cut-off"), max_length=10,
        choices=SaatCutoff.choices, default=SaatCutoff.ESKALASI)
    hari_eskalasi = models.PositiveSmallIntegerField(
        _("days for escalated validation"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("How long after the cut-off a period waits for escalated activities "
                    "before it closes anyway (those left are flagged)."))
    kurva_wajib = models.BooleanField(
        _("the curve is binding"), default=False,
        help_text=_("Refuse to finalise a unit's predikat when its staff predikat fall "
                    "outside the distribution curve (otherwise a justification is "
                    "required)."))

    class Meta:
        verbose_name = _("performance year")
        ordering = ["-tahun"]

    def __str__(self):
        return str(self.tahun)


class Periode(models.Model):
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="periode")
    nomor = models.PositiveSmallIntegerField(_("number"))
    mulai = models.DateField(_("start"))
    selesai = models.DateField(_("end"))
    cutoff = models.DateField(_("cut-off"))
    terkunci = models.BooleanField(_("locked"), default=False)

    class Meta:
        verbose_name = _("period")
        ordering = ["tahun__tahun", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "nomor"], name="periode_unik"),
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")),
                                   name="periode_selesai_setelah_mulai"),
        ]

    def __str__(self):
        if self.tahun.ritme == TahunKinerja.Ritme.TRIWULANAN:
            return _("Quarter %(n)s %(year)s") % {"n": self.nomor, "year": self.tahun.tahun}
        return f"{self.mulai:%m/%Y}"


class SasaranOrganisasi(models.Model):
    """An organisation goal (from the Perjanjian Kinerja) that heads of OPD cascade from."""

    unit = models.ForeignKey(UnitKerja, verbose_name=_("OPD"), on_delete=models.PROTECT)
    tahun = models.ForeignKey(TahunKinerja, verbose_name=_("year"), on_delete=models.PROTECT)
    uraian = models.CharField(_("goal"), max_length=500)

    class Meta:
        verbose_name = _("organisation goal")
        ordering = ["unit__path", "id"]

    def __str__(self):
        return self.uraian


class Indikator(models.Model):
    """The identity of a library indicator; what it means lives in its versions."""

    kode = models.CharField(_("code"), max_length=40, unique=True)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["kode"]

    def __str__(self):
        return self.kode


class IndikatorVersi(models.Model):
    """One meaning of an indicator from a date on. An IKI keeps the version it was created
    with, so a later edit never changes a past period's meaning or score."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="versi")
    berlaku_mulai = models.DateField(_("effective from"))
    nama = models.CharField(_("name"), max_length=300)
    definisi = models.TextField(_("definition"), blank=True)
    satuan = models.CharField(_("unit of measure"), max_length=50)
    aspek = models.CharField(_("aspect"), max_length=10, choices=Aspek.choices)
    arah = models.CharField(_("direction"), max_length=10, choices=Arah.choices,
                            default=Arah.NAIK)
    agregasi = models.CharField(_("realisation from activities"), max_length=10,
                                choices=Agregasi.choices, default=Agregasi.JUMLAH)
    wajib_bukti = models.BooleanField(_("evidence required"), default=False)
    untuk_jabatan = models.ManyToManyField(Jabatan, verbose_name=_("meant for positions"),
                                           blank=True, related_name="+")
    untuk_unit = models.ManyToManyField(UnitKerja, verbose_name=_("meant for units"),
                                        blank=True, related_name="+")

    class Meta:
        verbose_name = _("indicator version")
        ordering = ["indikator__kode", "-berlaku_mulai"]
        constraints = [models.UniqueConstraint(fields=["indikator", "berlaku_mulai"],
                                               name="indikatorversi_unik")]

    def __str__(self):
        return f"{self.indikator.kode} {self.nama}"


class UraianTugas(models.Model):
    """The activity catalogue of a position, with standard minutes per output."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="uraian_tugas")
    uraian = models.CharField(_("task"), max_length=300)
    satuan_output = models.CharField(_("output unit"), max_length=50)
    menit_standar = models.PositiveSmallIntegerField(
        _("standard minutes per output"), validators=[MinValueValidator(1),
                                                      MaxValueValidator(600)])
    indikator = models.ForeignKey(Indikator, verbose_name=_("indicator"), null=True,
                                  blank=True, on_delete=models.SET_NULL)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("task catalogue entry")
        ordering = ["jabatan", "uraian"]

    def __str__(self):
        return self.uraian


class JenisRhk(models.TextChoices):
    UTAMA = "utama", _("Main (Utama)")
    TAMBAHAN = "tambahan", _("Additional (Tambahan)")


class TemplateRhk(models.Model):
    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="template_rhk")
    jenis = models.CharField(_("kind"), max_length=10, choices=JenisRhk.choices)
    uraian = models.CharField(_("planned result (RHK)"), max_length=500)

    class Meta:
        ordering = ["jabatan", "jenis", "id"]

    def __str__(self):
        return self.uraian


class TemplateIki(models.Model):
    rhk = models.ForeignKey(TemplateRhk, verbose_name="RHK", on_delete=models.CASCADE,
                            related_name="iki")
    indikator = models.ForeignKey(Indikator, verbose_name=_("indicator"),
                                  on_delete=models.PROTECT)
    target = models.DecimalField(_("annual target"), max_digits=12, decimal_places=2)
    bobot = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        ordering = ["rhk", "id"]

    def __str__(self):
        return f"{self.indikator} ({self.target})"


class Skp(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DIAJUKAN = "diajukan", _("Submitted")
        DIKEMBALIKAN = "dikembalikan", _("Returned")
        DISETUJUI = "disetujui", _("Approved")

    class Pendekatan(models.TextChoices):
        KUANTITATIF = "kuantitatif", _("Quantitative")
        KUALITATIF = "kualitatif", _("Qualitative")

    EDITABLE = (Status.DRAFT, Status.DIKEMBALIKAN)

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="skp_set")
    tahun = models.ForeignKey(TahunKinerja, verbose_name=_("year"), on_delete=models.PROTECT)
    jabatan = models.ForeignKey(Jabatan, verbose_name=_("position"), on_delete=models.PROTECT)
    unit = models.ForeignKey(UnitKerja, verbose_name=_("unit"), on_delete=models.PROTECT)
    pendekatan = models.CharField(_("approach"), max_length=12, choices=Pendekatan.choices,
                                  default=Pendekatan.KUANTITATIF)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    versi = models.PositiveSmallIntegerField(_("version"), default=1)
    catatan_atasan = models.TextField(_("supervisor's note"), blank=True)
    # Lampiran (PermenPANRB 6/2022)
    dukungan_sumber_daya = models.TextField(_("resource support"), blank=True)
    skema_pertanggungjawaban = models.TextField(_("accountability scheme"), blank=True)
    konsekuensi = models.TextField(_("consequences"), blank=True)
    # Who approved, as they were at approval: posts change, the document must not.
    disetujui_pada = models.DateTimeField(null=True, blank=True)
    atasan_nip = models.CharField(max_length=18, blank=True)
    atasan_nama = models.CharField(max_length=255, blank=True)
    atasan_jabatan = models.CharField(max_length=200, blank=True)
    atasan_unit = models.CharField(max_length=200, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SKP")
        ordering = ["-tahun__tahun", "pegawai__nama"]
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun", "jabatan"],
                                               name="skp_satu_per_tahun_per_jabatan",
                                               violation_error_message=_(
                                                   "This employee already has an SKP for "
                                                   "this year and position."))]
        indexes = [models.Index(fields=["tahun", "status"], name="skp_tahun_status")]

    def __str__(self):
        return _("SKP %(year)s %(name)s") % {"year": self.tahun.tahun,
                                             "name": self.pegawai.nama_lengkap}

    @property
    def editable(self):
        return self.status in self.EDITABLE


class Rhk(models.Model):
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField(_("kind"), max_length=10, choices=JenisRhk.choices)
    uraian = models.CharField(_("planned result (RHK)"), max_length=500)
    intervensi = models.ForeignKey("self", verbose_name=_("supports the supervisor's RHK"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="turunan")
    sasaran = models.ForeignKey(SasaranOrganisasi, verbose_name=_("supports the goal"),
                                null=True, blank=True, on_delete=models.PROTECT,
                                related_name="rhk")

    class Meta:
        ordering = ["skp", "-jenis", "id"]  # utama before tambahan
        constraints = [models.CheckConstraint(
            condition=Q(intervensi__isnull=True) | Q(sasaran__isnull=True),
            name="rhk_satu_induk")]

    def __str__(self):
        return self.uraian


class Iki(models.Model):
    rhk = models.ForeignKey(Rhk, verbose_name="RHK", on_delete=models.CASCADE,
                            related_name="iki")
    indikator_versi = models.ForeignKey(IndikatorVersi, verbose_name=_("library indicator"),
                                        null=True, blank=True, on_delete=models.PROTECT)
    nama = models.CharField(_("indicator (IKI)"), max_length=300)
    aspek = models.CharField(_("aspect"), max_length=10, choices=Aspek.choices)
    satuan = models.CharField(_("unit of measure"), max_length=50)
    arah = models.CharField(_("direction"), max_length=10, choices=Arah.choices,
                            default=Arah.NAIK)
    agregasi = models.CharField(_("realisation from activities"), max_length=10,
                                choices=Agregasi.choices, default=Agregasi.JUMLAH)
    wajib_bukti = models.BooleanField(_("evidence required"), default=False)
    target = models.DecimalField(_("annual target"), max_digits=12, decimal_places=2)
    target_atas = models.DecimalField(_("upper bound (range)"), max_digits=12,
                                      decimal_places=2, null=True, blank=True)
    bobot = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2,
                                default=Decimal("0"),
                                validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        ordering = ["rhk", "id"]

    def __str__(self):
        return self.nama


class TargetPeriode(models.Model):
    iki = models.ForeignKey(Iki, on_delete=models.CASCADE, related_name="target_periode")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["periode__nomor"]
        constraints = [models.UniqueConstraint(fields=["iki", "periode"],
                                               name="targetperiode_unik")]

    def __str__(self):
        return f"{self.periode}: {self.target}"


class RencanaAksi(models.Model):
    """A quarter's action plan (rencana aksi) under an RHK, as BKN's e-Kinerja keeps them:
    what will be done in the triwulan, with a whole-number target and its unit. The day's
    activities point to one of their quarter (BKN's Progres Harian)."""

    rhk = models.ForeignKey(Rhk, verbose_name="RHK", on_delete=models.CASCADE,
                            related_name="rencana_aksi")
    triwulan = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    uraian = models.CharField(_("action plan"), max_length=500)
    target = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])
    satuan = models.CharField(_("unit of measure"), max_length=50)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["triwulan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rhk", "triwulan", "uraian"],
                                    name="rencanaaksi_unik",
                                    violation_error_message=_(
                                        "This RHK already has this action plan in the "
                                        "quarter.")),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4),
                                   name="rencanaaksi_triwulan_1_4"),
        ]

    def __str__(self):
        return f"TW {self.triwulan}: {self.uraian}"

    @staticmethod
    def triwulan_of(day):
        return (day.month - 1) // 3 + 1


class Perilaku(models.Model):
    """One of the 7 BerAKHLAK values on an SKP, with the atasan's specific expectation."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="perilaku")
    nilai = models.PositiveSmallIntegerField(validators=[MinValueValidator(1),
                                                         MaxValueValidator(7)])
    ekspektasi_khusus = models.TextField(_("specific expectation of the supervisor"),
                                         blank=True)

    class Meta:
        ordering = ["skp", "nilai"]
        constraints = [models.UniqueConstraint(fields=["skp", "nilai"],
                                               name="perilaku_unik")]

    def __str__(self):
        return f"{self.skp_id}:{self.nilai}"


class SkpVersi(models.Model):
    """Each approved version of an SKP, frozen: its content and who approved it."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="riwayat")
    nomor = models.PositiveSmallIntegerField()
    isi = models.JSONField()
    disetujui_pada = models.DateTimeField()
    atasan_nip = models.CharField(max_length=18)
    atasan_nama = models.CharField(max_length=255)

    class Meta:
        ordering = ["skp", "-nomor"]
        constraints = [models.UniqueConstraint(fields=["skp", "nomor"],
                                               name="skpversi_unik")]

    def __str__(self):
        return f"{self.skp_id} v{self.nomor}"


class Aktivitas(models.Model):
    """One entry of the daily report: what was done, when, for which IKI, with evidence."""

    class Kategori(models.TextChoices):
        IKI = "iki", _("For an IKI of my SKP")
        TUGAS_TAMBAHAN = "tugas_tambahan", _("Additional task")
        INSTRUKSI_KHUSUS = "instruksi_khusus", _("Special instruction from the leadership")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DIAJUKAN = "diajukan", _("Submitted")
        DISETUJUI = "disetujui", _("Approved")
        DITOLAK = "ditolak", _("Rejected")
        DIKEMBALIKAN = "dikembalikan", _("Returned for revision")

    EDITABLE = (Status.DRAFT, Status.DIKEMBALIKAN)
    # The one meaning of "reported", for monitoring, adoption and the reminders: a day is
    # reported when it has an activity submitted or approved. A draft is not reported yet,
    # a returned one must be submitted again, a rejected one is nothing.
    DILAPORKAN = (Status.DIAJUKAN, Status.DISETUJUI)

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="aktivitas_set")
    tanggal = models.DateField(_("date"))
    mulai = models.TimeField(_("start"))
    selesai = models.TimeField(_("end"))
    menit = models.PositiveSmallIntegerField(_("minutes"), editable=False)
    uraian = models.CharField(_("what was done"), max_length=500)
    kategori = models.CharField(_("for"), max_length=20, choices=Kategori.choices,
                                default=Kategori.IKI)
    iki = models.ForeignKey(Iki, verbose_name=_("IKI"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="aktivitas")
    output = models.DecimalField(_("output"), max_digits=10, decimal_places=2, default=1,
                                 validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    uraian_tugas = models.ForeignKey(UraianTugas, verbose_name=_("catalogue task"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    # BKN's Progres Harian: the quarter's action plan this entry advances (of the IKI's RHK).
    rencana_aksi = models.ForeignKey(RencanaAksi, verbose_name=_("action plan"), null=True,
                                     blank=True, on_delete=models.PROTECT,
                                     related_name="aktivitas")
    catatan_validasi = models.TextField(_("supervisor's note"), blank=True)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    # Still pending at the cut-off: whom it was escalated to (the atasan's atasan), and when.
    dieskalasi_ke = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    dieskalasi_pada = models.DateTimeField(null=True, blank=True)
    # Who validated it and when (approve, reject or return), for the undo and the audit.
    divalidasi_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    divalidasi_pada = models.DateTimeField(null=True, blank=True)
    # Saved on the phone without a connection and sent later (the PWA's queue): when the
    # phone says it was recorded. Shown, never trusted for a rule (the server's clock is).
    dicatat_luring = models.DateTimeField(_("recorded offline at"), null=True, blank=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["tanggal", "mulai"]
        indexes = [models.Index(fields=["pegawai", "tanggal"], name="aktivitas_pegawai_tanggal"),
                   models.Index(fields=["status", "tanggal"], name="aktivitas_status_tanggal")]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gt=models.F("mulai")),
                                   name="aktivitas_selesai_setelah_mulai",
                                   violation_error_message=_("The end must be after the "
                                                             "start.")),
            models.CheckConstraint(condition=Q(kategori="iki", iki__isnull=False)
                                   | (~Q(kategori="iki") & Q(iki__isnull=True)),
                                   name="aktivitas_iki_sesuai_kategori",
                                   violation_error_message=_("Choose the IKI this activity "
                                                             "advances.")),
        ]

    def __str__(self):
        return f"{self.tanggal} {self.mulai:%H:%M}-{self.selesai:%H:%M} {self.uraian[:40]}"

    @property
    def editable(self):
        return self.status in self.EDITABLE


def _bukti_path(instance, filename):
    # The stored name is ours: the user's file name is kept only as a label.
    return f"bukti/{instance.aktivitas.tanggal:%Y/%m}/{uuid.uuid4().hex}"


class BuktiDukung(models.Model):
    """Evidence: an uploaded file (private, served through an access-checked view) or a
    link."""

    aktivitas = models.ForeignKey(Aktivitas, on_delete=models.CASCADE, related_name="bukti")
    berkas = models.FileField(upload_to=_bukti_path, blank=True)
    nama_berkas = models.CharField(_("file name"), max_length=200, blank=True)
    jenis_berkas = models.CharField(max_length=10, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    tautan = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("evidence")
        ordering = ["aktivitas", "id"]
        constraints = [models.CheckConstraint(
            condition=(Q(berkas="") & ~Q(tautan="")) | (~Q(berkas="") & Q(tautan="")),
            name="bukti_berkas_atau_tautan")]

    def __str__(self):
        return self.nama_berkas or self.tautan


class RealisasiManual(models.Model):
    """The realisation of an IKI whose indicator is measured by hand (an index, a
    percentage from another system) for one period, entered by the employee while the
    period is open and seen by the atasan in the evaluation. The year's realisation of
    such an IKI is the latest period's value."""

    iki = models.ForeignKey(Iki, on_delete=models.CASCADE, related_name="realisasi_manual")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    nilai = models.DecimalField(_("realisation"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(0)])
    keterangan = models.CharField(_("source or explanation"), max_length=500)
    diisi_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("manual realisation")
        constraints = [models.UniqueConstraint(fields=["iki", "periode"],
                                               name="realisasimanual_unik")]

    def __str__(self):
        return f"{self.iki_id}@{self.periode_id}: {self.nilai}"


class AdopsiMinggu(models.Model):
    """A unit's (and its subtree's) adoption in one week, for the adoption pages
    (kinerja.adopsi): accounts never used, people without an approved SKP, and reported
    against required person-days up to the day it was computed."""

    unit = models.ForeignKey("ekinerja.UnitKerja", on_delete=models.CASCADE, related_name="+")
    minggu = models.DateField()  # the week's Monday
    pegawai_aktif = models.PositiveIntegerField(default=0)
    belum_login = models.PositiveIntegerField(default=0)
    tanpa_skp = models.PositiveIntegerField(default=0)
    hari_lapor = models.PositiveIntegerField(default=0)
    hari_wajib = models.PositiveIntegerField(default=0)
    # Each working day: [people who reported, people for whom it is a working day].
    per_hari = models.JSONField(default=dict)
    dihitung_pada = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "minggu"],
                                               name="adopsiminggu_unik")]

    def __str__(self):
        return f"{self.unit_id}@{self.minggu}"

    @property
    def persen_lapor(self):
        return round(100 * self.hari_lapor / self.hari_wajib, 1) if self.hari_wajib else None

    @property
    def hari(self):
        """[(day, share of people who reported that day)], for the page."""
        return [(dt.date.fromisoformat(day), round(100 * lapor / wajib, 1) if wajib else None)
                for day, (lapor, wajib) in self.per_hari.items()]

    @property
    def persen_login(self):
        if not self.pegawai_aktif:
            return None
        return round(100 * (self.pegawai_aktif - self.belum_login) / self.pegawai_aktif, 1)


# --- attendance (kinerja.kehadiran): the discipline input of TPP -----------------------------


class Kehadiran(models.Model):
    """A person's day as the attendance machine recorded it: the first check-in and the
    last check-out (either may be missing). Imported from the machines' export."""

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="kehadiran")
    tanggal = models.DateField(_("date"))
    masuk = models.TimeField(_("check-in"), null=True, blank=True)
    pulang = models.TimeField(_("check-out"), null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        ordering = ["pegawai", "tanggal"]
        constraints = [models.UniqueConstraint(fields=["pegawai", "tanggal"],
                                               name="kehadiran_unik")]

    def __str__(self):
        return f"{self.pegawai_id} {self.tanggal} {self.masuk}-{self.pulang}"


class Izin(models.Model):
    """Days a person was away for a reason that counts as present: official travel with
    its letter, a kind of leave, sickness with a letter. Entered by the OPD's admin."""

    class Jenis(models.TextChoices):
        DINAS_LUAR = "dinas_luar", _("Official travel (dinas luar)")
        CUTI_TAHUNAN = "cuti_tahunan", _("Annual leave")
        CUTI_SAKIT = "cuti_sakit", _("Sick leave")
        CUTI_MELAHIRKAN = "cuti_melahirkan", _("Maternity leave")
        CUTI_ALASAN_PENTING = "cuti_penting", _("Leave for important reasons")
        CUTI_BESAR = "cuti_besar", _("Long leave")
        SAKIT = "sakit", _("Sick with a doctor's letter")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"),
                                on_delete=models.CASCADE, related_name="izin")
    jenis = models.CharField(_("kind"), max_length=20, choices=Jenis.choices)
    mulai = models.DateField(_("from"))
    selesai = models.DateField(_("until"))
    nomor_surat = models.CharField(_("letter number"), max_length=100)
    keterangan = models.CharField(_("note"), max_length=300, blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("absence with a reason")
        ordering = ["pegawai", "-mulai"]
        constraints = [models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")),
                                              name="izin_urut")]

    def __str__(self):
        return f"{self.pegawai_id} {self.jenis} {self.mulai}..{self.selesai}"


class KontrakPppk(models.Model):
    """A PPPK's work contract (KepmenPANRB 16/2025 for part-time PPPK): its dates and
    duties, which their SKP and evaluations follow; the basis of the extension report."""

    class Jenis(models.TextChoices):
        PENUH_WAKTU = "penuh_waktu", _("Full-time")
        PARUH_WAKTU = "paruh_waktu", _("Part-time (paruh waktu)")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"),
                                on_delete=models.CASCADE, related_name="kontrak_pppk")
    nomor = models.CharField(_("contract number"), max_length=100)
    jenis = models.CharField(_("kind"), max_length=12, choices=Jenis.choices)
    mulai = models.DateField(_("from"))
    selesai = models.DateField(_("until"))
    tugas = models.TextField(_("duties"), max_length=3000)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PPPK contract")
        ordering = ["pegawai", "-mulai"]
        constraints = [models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")),
                                              name="kontrakpppk_urut")]

    def __str__(self):
        return f"{self.pegawai_id} {self.nomor} {self.mulai}..{self.selesai}"
