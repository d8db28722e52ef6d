"""The organisation core: units, positions, people, and the audit log.

Invariants are backed by database constraints; the rules that span rows (tree shape,
one holder per head post, supervisor cycles) live in services.py.
"""

import uuid

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .nip import format_nip


class UnitKerja(models.Model):
    class Jenis(models.TextChoices):
        INSTANSI = "instansi", _("Government (instansi)")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        RSUD = "rsud", _("RSUD")
        BIRO = "biro", _("Biro")
        BIDANG = "bidang", _("Bidang")
        BAGIAN = "bagian", _("Bagian")
        SUB_UNIT = "sub_unit", _("Sub-unit")

    OPD_KINDS = (Jenis.DINAS, Jenis.BADAN, Jenis.SEKRETARIAT, Jenis.INSPEKTORAT, Jenis.RSUD)

    kode = models.CharField(_("code"), max_length=30, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    jenis = models.CharField(_("kind"), max_length=20, choices=Jenis.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path of ids, "/1/7/42/": a subtree (an OPD, an admin's scope) is one
    # indexed prefix match. Maintained only by services.unit_kerja_save.
    path = models.CharField(max_length=255, editable=False, db_index=False, default="")
    # SIASN's id of the unit (ref-unor `Id`), for the SIASN pull (ekinerja.rekonsiliasi).
    kode_siasn = models.CharField(_("SIASN unit id"), max_length=64, blank=True, db_index=True)
    aktif = models.BooleanField(_("active"), default=True)
    hari_kerja = models.PositiveSmallIntegerField(
        _("working days per week"), choices=[(5, _("5 days")), (6, _("6 days"))], default=5
    )

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="unitkerja_path_prefix",
                         opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hari_kerja__in=[5, 6]), name="unitkerja_hari_5_6",
                                   violation_error_message=_("A working week has 5 or 6 days.")),
            models.CheckConstraint(
                condition=Q(jenis="instansi", parent__isnull=True)
                | (~Q(jenis="instansi") & Q(parent__isnull=False)),
                name="unitkerja_only_instansi_is_root",
                violation_error_message=_("Only a government (instansi) is a root unit; every "
                                          "other unit needs a parent."),
            ),
        ]

    def __str__(self):
        return self.nama

    @property
    def depth(self):
        return self.path.count("/") - 2

    @property
    def is_opd(self):
        return self.jenis in self.OPD_KINDS

    def ancestor_ids(self):
        """Ids from the root down to this unit, read from the path (no query)."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Jabatan(models.Model):
    class Jenis(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    class Jenjang(models.TextChoices):
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        PEMULA = "pemula", _("Pemula")
        TERAMPIL = "terampil", _("Terampil")
        MAHIR = "mahir", _("Mahir")
        PENYELIA = "penyelia", _("Penyelia")

    kode = models.CharField(_("code"), max_length=40, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    jenis = models.CharField(_("kind"), max_length=20, choices=Jenis.choices)
    jenjang = models.CharField(_("level (fungsional)"), max_length=20,
                               choices=Jenjang.choices, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField(
        _("position class"), validators=[MinValueValidator(1), MaxValueValidator(17)])
    unit = models.ForeignKey(UnitKerja, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="jabatan_set")
    kepala_unit = models.BooleanField(_("heads the unit"), default=False)
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__path", "-kepala_unit", "-kelas_jabatan", "nama"]
        constraints = [
            models.CheckConstraint(condition=Q(kelas_jabatan__gte=1, kelas_jabatan__lte=17),
                                   name="jabatan_kelas_1_17",
                                   violation_error_message=_("Position class runs from 1 to 17.")),
            models.CheckConstraint(
                condition=(Q(jenis="fungsional") & ~Q(jenjang=""))
                | (~Q(jenis="fungsional") & Q(jenjang="")),
                name="jabatan_jenjang_only_fungsional",
                violation_error_message=_("Only a fungsional position has a level, and it must "
                                          "have one."),
            ),
            models.UniqueConstraint(fields=["unit"], condition=Q(kepala_unit=True, aktif=True),
                                    name="jabatan_one_head_per_unit",
                                    violation_error_message=_("This unit already has an active "
                                                              "head post.")),
        ]

    def __str__(self):
        return self.nama


class PegawaiManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, nip, password=None, **extra):
        user = self.model(nip=nip, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, nip, password=None, **extra):
        extra.setdefault("jenis", Pegawai.Jenis.PNS)
        extra.setdefault("golongan", "IV/a")
        return self.create_user(nip, password, is_staff=True, is_superuser=True, **extra)


class Pegawai(AbstractBaseUser, PermissionsMixin):
    """An ASN: the user model. Logs in with NIP; see services and access for roles."""

    class Jenis(models.TextChoices):
        PNS = "PNS", _("PNS")
        CPNS = "CPNS", _("CPNS")
        PPPK = "PPPK", _("PPPK")

    nip = models.CharField(_("NIP"), max_length=18, unique=True, error_messages={
        "unique": _("An employee with this NIP already exists.")})
    nama = models.CharField(_("name"), max_length=150)
    gelar_depan = models.CharField(_("title before name"), max_length=40, blank=True)
    gelar_belakang = models.CharField(_("title after name"), max_length=80, blank=True)
    jenis = models.CharField(_("employee type"), max_length=4, choices=Jenis.choices)
    golongan = models.CharField(_("rank (golongan)"), max_length=5)
    jabatan = models.ForeignKey(Jabatan, verbose_name=_("position"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="pemegang")
    unit = models.ForeignKey(UnitKerja, verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="pegawai_set")
    atasan_override = models.ForeignKey(
        "self", verbose_name=_("supervisor (override)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="bawahan_override",
        help_text=_("Only when the supervisor is not the head of the unit, e.g. for "
                    "fungsional staff."),
    )
    # Admin BKD when this is the instansi, Admin OPD when it is an OPD.
    admin_scope = models.ForeignKey(UnitKerja, verbose_name=_("administers"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="admins")
    email = models.EmailField(_("e-mail"), blank=True)
    # SIASN's id of the person (data-utama `id`), kept by the SIASN pull.
    siasn_id = models.CharField(_("SIASN id"), max_length=64, blank=True)
    tanggal_mulai = models.DateField(_("working here since"), null=True, blank=True,
                                     help_text=_("No activities can be logged before this "
                                                 "date."))
    tanggal_selesai = models.DateField(_("left on"), null=True, blank=True)
    aktif = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    harus_ganti_password = models.BooleanField(_("must change password"), default=False)
    # When they closed the first-login tour on their home page (reopened from the menu).
    tur_ditutup = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    objects = PegawaiManager()

    USERNAME_FIELD = "nip"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"),
                                   name="pegawai_nip_18_digits",
                                   violation_error_message=_("NIP must consist of 18 digits.")),
            models.CheckConstraint(condition=~Q(atasan_override=models.F("id")),
                                   name="pegawai_not_own_atasan",
                                   violation_error_message=_("An employee cannot be their own "
                                                             "supervisor.")),
        ]

    def __str__(self):
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def is_active(self):
        return self.aktif

    @property
    def nama_lengkap(self):
        """Name with gelar as written on official documents: 'Dr. Siti Aminah, S.Kom., M.T.'"""
        name = f"{self.gelar_depan} {self.nama}".strip()
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name

    @property
    def nip_tampil(self):
        return format_nip(self.nip)

    @property
    def is_admin(self):
        return self.admin_scope_id is not None

    def get_full_name(self):
        return self.nama_lengkap

    def get_short_name(self):
        return self.nama


class RiwayatJabatan(models.Model):
    """The posts a person held, with their dates (the TMT): written by whatever changes a
    person's post (the admin's form, the import, the SIASN pull) through
    `services.riwayat_jabatan_catat`. `mulai` empty: held since before the records began.
    The angka kredit of a functional post is converted for the months held in it."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE,
                                related_name="riwayat_jabatan")
    jabatan = models.ForeignKey(Jabatan, verbose_name=_("position"), on_delete=models.PROTECT,
                                related_name="+")
    mulai = models.DateField(_("from (TMT)"), null=True, blank=True)
    selesai = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("position history")
        ordering = ["pegawai", models.F("mulai").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["pegawai"], condition=Q(selesai__isnull=True),
                                    name="riwayatjabatan_satu_terbuka"),
            models.CheckConstraint(condition=Q(selesai__isnull=True) | Q(mulai__isnull=True)
                                   | Q(selesai__gte=models.F("mulai")),
                                   name="riwayatjabatan_urut"),
        ]

    def __str__(self):
        return f"{self.pegawai_id}: {self.jabatan_id} {self.mulai}..{self.selesai}"


class AuditLog(models.Model):
    """Append-only record of every state change (PostgreSQL refuses UPDATE and DELETE),
    sealed into a chain: once its transaction commits, each entry gets its place in the
    chain (`urutan`), the previous entry's seal and its own seal, an HMAC over its content
    and both (ekinerja.audit). The seal columns are the only ones PostgreSQL lets be
    written after the insert, and only while they are empty."""

    waktu = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(Pegawai, verbose_name=_("actor"), null=True,
                              on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    actor_nip = models.CharField(_("actor NIP"), max_length=18, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60)
    target_id = models.CharField(_("object id"), max_length=40)
    target_repr = models.CharField(_("object"), max_length=255)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    urutan = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    hash_sebelum = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.actor_nip} {self.action} {self.target_repr}"


class RantaiAudit(models.Model):
    """The head of the audit chain (one row): the last place given and its seal. Sealing
    locks it, so that entries get their places one after another."""

    urutan = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.urutan}:{self.hash[:12]}"


class PemeriksaanAudit(models.Model):
    """A check of the whole audit chain and what it found (ekinerja.audit.audit_periksa)."""

    waktu = models.DateTimeField(auto_now_add=True)
    oleh = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    utuh = models.BooleanField()
    hasil = models.JSONField(default=dict)

    class Meta:
        ordering = ["-waktu", "-id"]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {'utuh' if self.utuh else 'rusak'}"


class Notifikasi(models.Model):
    """Something a person should know (ekinerja.notifikasi): shown in their notification
    centre and, if they want it by e-mail, sent once by a worker. (penerima, jenis,
    kunci) is unique: the same event never makes two notifications."""

    class Email(models.TextChoices):
        TIDAK = "tidak", _("Not by e-mail")
        ANTRE = "antre", _("Queued")
        MENGIRIM = "mengirim", _("Sending")
        TERKIRIM = "terkirim", _("Sent")
        GAGAL = "gagal", _("Failed")

    penerima = models.ForeignKey(Pegawai, on_delete=models.CASCADE,
                                 related_name="notifikasi_set")
    jenis = models.CharField(max_length=40)
    kunci = models.CharField(max_length=100)
    judul = models.CharField(max_length=200)
    pesan = models.TextField(blank=True)
    tautan = models.CharField(max_length=300, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    dibaca = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.TIDAK)
    email_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat", "-id"]
        constraints = [models.UniqueConstraint(fields=["penerima", "jenis", "kunci"],
                                               name="notifikasi_sekali")]
        indexes = [models.Index(fields=["penerima", "dibaca"], name="notifikasi_belum_dibaca")]

    def __str__(self):
        return f"{self.penerima_id}: {self.judul}"


class PreferensiNotifikasi(models.Model):
    """Whether a person wants one kind of notification by e-mail (absent: the kind's
    default, ekinerja.notifikasi.JENIS)."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(max_length=40)
    email = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pegawai", "jenis"],
                                               name="preferensi_notifikasi_unik")]

    def __str__(self):
        return f"{self.pegawai_id}:{self.jenis}={self.email}"


def _dokumen_path(instance, filename):
    return f"dokumen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Dokumen(models.Model):
    """An official document issued as a PDF (ekinerja.dokumen): its kind, whose it is, the
    object it was made from, and the SHA-256 of the exact bytes handed out. The QR code
    on the document opens /verifikasi/<token>/, which shows this record and checks an
    uploaded copy against the hash. A newer document of the same object supersedes it."""

    class Jenis(models.TextChoices):
        SKP = "skp", _("Sasaran Kinerja Pegawai (SKP)")
        EVALUASI = "evaluasi", _("Dokumen Evaluasi Kinerja Pegawai")
        LAPORAN_BULANAN = "laporan_bulanan", _("Monthly activity report")
        PAK = "pak", _("Penetapan Angka Kredit (PAK)")

    token = models.UUIDField(unique=True, editable=False)
    jenis = models.CharField(max_length=20, choices=Jenis.choices)
    judul = models.CharField(max_length=200)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    objek = models.CharField(max_length=80)  # "kinerja.skp:12", "laporan:2026-11"
    sha256 = models.CharField(max_length=64, blank=True)
    isi_hash = models.CharField(max_length=64, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    # The bytes handed out: the same content downloaded again is this very file (its
    # hash is what the verification page checks), not a new copy.
    berkas = models.FileField(upload_to=_dokumen_path, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    dibuat_oleh = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    digantikan = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat", "-id"]
        indexes = [models.Index(fields=["objek", "dibuat"], name="dokumen_objek")]
        constraints = [models.UniqueConstraint(
            fields=["jenis", "objek", "isi_hash"], condition=Q(digantikan__isnull=True),
            name="dokumen_satu_salinan_berlaku")]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.judul}"


def _ekspor_path(instance, filename):
    return f"ekspor/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class Ekspor(models.Model):
    """An Excel export of a scope, built by a worker (ekinerja.ekspor) while the admin
    watches its progress; only the one who asked downloads it."""

    class Status(models.TextChoices):
        ANTRE = "antre", _("Queued")
        BERJALAN = "berjalan", _("Running")
        SELESAI = "selesai", _("Ready")
        GAGAL = "gagal", _("Failed")

    jenis = models.CharField(max_length=30)
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    parameter = models.JSONField(default=dict)
    diminta_oleh = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE)
    progres = models.PositiveSmallIntegerField(default=0)
    berkas = models.FileField(upload_to=_ekspor_path, blank=True)
    nama_berkas = models.CharField(max_length=200, blank=True)
    baris = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat", "-id"]

    def __str__(self):
        return f"{self.jenis} {self.unit_id} {self.status}"


class HariLibur(models.Model):
    """A national holiday or cuti bersama, entered by BKD per year (SKB 3 Menteri)."""

    class Jenis(models.TextChoices):
        LIBUR_NASIONAL = "libur", _("National holiday")
        CUTI_BERSAMA = "cuti_bersama", _("Joint leave (cuti bersama)")

    tanggal = models.DateField(_("date"), unique=True, error_messages={
        "unique": _("This date is already in the calendar.")})
    nama = models.CharField(_("name"), max_length=200)
    jenis = models.CharField(_("kind"), max_length=12, choices=Jenis.choices)

    class Meta:
        verbose_name = _("holiday")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class ImporData(models.Model):
    """An uploaded import file between its dry-run preview and its confirmation."""

    class Jenis(models.TextChoices):
        UNIT = "unit", _("Work units")
        JABATAN = "jabatan", _("Positions")
        PEGAWAI = "pegawai", _("Employees")
        PELATIHAN = "pelatihan", _("Training records")
        # A person's own daily progress in BKN's shape (kinerja.progres), not an admin's.
        PROGRES = "progres", _("Daily progress (BKN)")
        SKP = "skp", _("SKP content (BKN)")  # a person's own (kinerja.services.skp_impor)
        PAK = "pak", _("Starting angka kredit (PAK)")  # Admin BKD only (penilaian.impor)
        KEHADIRAN = "kehadiran", _("Attendance (machines' export)")  # kinerja.kehadiran
        IZIN = "izin", _("Days away with a reason (travel, leave)")  # kinerja.kehadiran
        KONTRAK = "kontrak", _("PPPK work contracts")  # kinerja.kehadiran

    class Status(models.TextChoices):
        PRATINJAU = "pratinjau", _("Preview")
        DITERAPKAN = "diterapkan", _("Applied")

    jenis = models.CharField(_("kind"), max_length=10, choices=Jenis.choices)
    # A person's own imports, not an admin's: the admin import pages neither offer nor open
    # them.
    PRIBADI = (Jenis.PROGRES, Jenis.SKP)
    nama_file = models.CharField(_("file name"), max_length=255)
    isi = models.BinaryField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PRATINJAU)
    ringkasan = models.JSONField(default=dict)
    diunggah_oleh = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    scope = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dibuat"]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.nama_file}"


class PenugasanPlt(models.Model):
    """Someone acting in a post for a date range (Plt: the post is vacant; Plh: its holder
    is away), by decree. During the range the acting person has the post's supervisory
    rights: queue, SKP approval, evaluation (ekinerja.selectors, kinerja.access)."""

    class Jenis(models.TextChoices):
        PLT = "plt", _("Plt (pelaksana tugas)")
        PLH = "plh", _("Plh (pelaksana harian)")

    pegawai = models.ForeignKey(Pegawai, verbose_name=_("acting person"),
                                on_delete=models.PROTECT, related_name="penugasan_plt")
    jabatan = models.ForeignKey(Jabatan, verbose_name=_("post"), on_delete=models.PROTECT,
                                related_name="penugasan_plt")
    jenis = models.CharField(_("kind"), max_length=3, choices=Jenis.choices)
    mulai = models.DateField(_("from"))
    selesai = models.DateField(_("until"))
    nomor_sk = models.CharField(_("decree number"), max_length=100)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acting assignment")
        ordering = ["-mulai"]
        constraints = [models.CheckConstraint(
            condition=Q(selesai__gte=models.F("mulai")), name="plt_selesai_setelah_mulai",
            violation_error_message=_("The end cannot be before the start."))]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.jabatan} ({self.mulai}–{self.selesai})"


class Pengumuman(models.Model):
    """An announcement from BKD or an OPD admin to the people of a unit's subtree (all of
    them, the holders of head posts, or the admins), shown on their home page from `mulai`
    until they mark it read or `selesai` passes (ekinerja.pengumuman)."""

    class Peran(models.TextChoices):
        SEMUA = "semua", _("Everyone")
        KEPALA = "kepala", _("Heads of units (atasan)")
        ADMIN = "admin", _("Admins")

    judul = models.CharField(_("title"), max_length=200)
    isi = models.TextField(_("text"), max_length=5000)
    unit = models.ForeignKey(UnitKerja, verbose_name=_("for the people of"),
                             on_delete=models.PROTECT, related_name="+")
    peran = models.CharField(_("role"), max_length=10, choices=Peran.choices,
                             default=Peran.SEMUA)
    mulai = models.DateField(_("shown from"))
    selesai = models.DateField(_("shown until"), null=True, blank=True)
    pengirim = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    jumlah_sasaran = models.PositiveIntegerField(default=0)  # the audience when sent
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        ordering = ["-mulai", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
            name="pengumuman_selesai_setelah_mulai",
            violation_error_message=_("The end cannot be before the start."))]

    def __str__(self):
        return self.judul


class PengumumanBaca(models.Model):
    pengumuman = models.ForeignKey(Pengumuman, on_delete=models.CASCADE,
                                   related_name="dibaca_set")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    dibaca = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pengumuman", "pegawai"],
                                               name="pengumuman_dibaca_sekali")]

    def __str__(self):
        return f"{self.pengumuman_id}:{self.pegawai_id}"


class Gangguan(models.Model):
    """A service outage BKD announces on the public status page (/status/), with, when
    people could not report, a backfill window: activities dated `susulan_dari` to
    `susulan_sampai` are accepted until `susulan_batas` even where their month has closed,
    and the periods they fall in wait for it before they close (ekinerja.gangguan)."""

    judul = models.CharField(_("title"), max_length=200)
    isi = models.TextField(_("what happened and what to do"), max_length=3000)
    mulai = models.DateTimeField(_("started"))
    selesai = models.DateTimeField(_("ended"), null=True, blank=True)
    susulan_dari = models.DateField(_("missed days from"), null=True, blank=True)
    susulan_sampai = models.DateField(_("missed days to"), null=True, blank=True)
    susulan_batas = models.DateField(_("backfill accepted until"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service outage")
        ordering = ["-mulai", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="gangguan_selesai_setelah_mulai",
                violation_error_message=_("The end cannot be before the start.")),
            models.CheckConstraint(
                condition=Q(susulan_dari__isnull=True, susulan_sampai__isnull=True,
                            susulan_batas__isnull=True)
                | Q(susulan_dari__isnull=False, susulan_sampai__gte=models.F("susulan_dari"),
                    susulan_batas__gte=models.F("susulan_sampai")),
                name="gangguan_susulan_lengkap",
                violation_error_message=_("A backfill window needs its first and last missed "
                                          "day and the day it closes, in that order.")),
        ]

    def __str__(self):
        return self.judul


class KunciKiriman(models.Model):
    """One form submission that creates something (a hidden key in the form): the same
    submission sent twice (a double tap, a retried request) creates once. Kept a few days
    (ekinerja.tasks.sessions_clear_expired purges them)."""

    kunci = models.UUIDField(unique=True)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    tujuan = models.CharField(max_length=300, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return str(self.kunci)


class SiasnTarik(models.Model):
    """A pull from SIASN (ekinerja.rekonsiliasi): what SIASN says of each of our people
    against what we hold, as a report BKD applies in one transaction."""

    class Status(models.TextChoices):
        ANTRE = "antre", _("Queued")
        BERJALAN = "berjalan", _("Running")
        SELESAI = "selesai", _("Ready to review")
        GAGAL = "gagal", _("Failed")
        DITERAPKAN = "diterapkan", _("Applied")

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ANTRE)
    diminta_oleh = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    # {"diperiksa", "sama", "berubah", "hilang", "detik"}
    ringkasan = models.JSONField(default=dict)
    # [{"nip", "nama", "jenis": "berubah"|"hilang", "beda": {field: [ours, SIASN's]},
    #   "siasn": {what applying writes}}]
    perbedaan = models.JSONField(default=list)
    siasn_id = models.JSONField(default=dict)  # NIP -> SIASN's id of the person
    pesan = models.TextField(blank=True)
    diterapkan_oleh = models.ForeignKey(Pegawai, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    diterapkan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat"]

    def __str__(self):
        return f"SIASN {self.dibuat:%Y-%m-%d %H:%M} ({self.status})"
