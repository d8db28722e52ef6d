"""A realistic, deterministic Pemerintah Provinsi Jambi for demos and manual testing.

Idempotent: every object has a fixed code or NIP and is only written (through the same
services the admin pages use, so with audit rows) when it is new or differs.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django_otp.plugins.otp_totp.models import TOTPDevice

from ekinerja.demo import ordered
from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.services import jabatan_save, pegawai_save, unit_kerja_save

DEMO_PASSWORD = "Jambi-Kinerja-2026"
# The demo admins' authenticator app (two-step verification is required of admins,
# docs/mfa.md): a published key, typed into any authenticator app as
# MVVWS3TFOJVGCLLEMVWW6LLUN52HAIJB (b"ekinerja-demo-totp!!"). Demo data only.
DEMO_TOTP_KEY = "656b696e65726a612d64656d6f2d746f74702121"
DEMO_TOTP_BASE32 = "MVVWS3TFOJVGCLLEMVWW6LLUN52HAIJB"

OPD = [
    ("SETDA", "Sekretariat Daerah Provinsi Jambi", "sekretariat", 5),
    ("INSP", "Inspektorat Provinsi Jambi", "inspektorat", 5),
    ("BKD", "Badan Kepegawaian Daerah", "badan", 5),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", 5),
    ("BPKPD", "Badan Pengelolaan Keuangan dan Pendapatan Daerah", "badan", 5),
    ("DISDIK", "Dinas Pendidikan", "dinas", 6),
    ("DINKES", "Dinas Kesehatan", "dinas", 5),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", 5),
    ("DISHUB", "Dinas Perhubungan", "dinas", 5),
    ("KOMINFO", "Dinas Komunikasi dan Informatika", "dinas", 5),
    ("DINSOS", "Dinas Sosial", "dinas", 5),
    ("DISTPH", "Dinas Tanaman Pangan dan Hortikultura", "dinas", 5),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", 5),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "dinas", 5),
    ("RSUD-RM", "RSUD Raden Mattaher", "rsud", 6),
]

# Each OPD: a secretariat (bagian) and bidang, each with two sub-units.
BIDANG = {
    "default": [("SEK", "Sekretariat", ["Subbagian Umum dan Kepegawaian",
                                        "Subbagian Keuangan"]),
                ("B1", "Bidang Pelayanan", ["Seksi Layanan Publik", "Seksi Data"])],
    "KOMINFO": [("SEK", "Sekretariat", ["Subbagian Umum dan Kepegawaian",
                                        "Subbagian Keuangan"]),
                ("B1", "Bidang Aplikasi Informatika", ["Seksi Layanan E-Government",
                                                       "Seksi Tata Kelola Aplikasi"]),
                ("B2", "Bidang Informasi dan Komunikasi Publik", ["Seksi Pengelolaan Informasi",
                                                                  "Seksi Kemitraan Media"])],
    "BKD": [("SEK", "Sekretariat", ["Subbagian Umum", "Subbagian Keuangan"]),
            ("B1", "Bidang Pengembangan Kompetensi", ["Seksi Diklat", "Seksi Kinerja"]),
            ("B2", "Bidang Mutasi dan Promosi", ["Seksi Mutasi", "Seksi Kepangkatan"])],
}

FIRST = ["Ahmad", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hendra", "Indah", "Joko",
         "Kartika", "Lestari", "Muhammad", "Nurul", "Oki", "Putri", "Rahmat", "Siti", "Taufik",
         "Utami", "Wahyu", "Yusuf", "Zainal", "Rina", "Agus", "Sri", "Fajar", "Maya", "Rizki",
         "Hasan"]
LAST = ["Saputra", "Hidayat", "Lubis", "Siregar", "Nasution", "Harahap", "Pratama", "Wijaya",
        "Kurniawan", "Santoso", "Rahmawati", "Permata", "Syahputra", "Hasibuan", "Rangkuti",
        "Fitriani", "Maulana", "Ramadhan", "Anggraini", "Setiawan"]
GELAR = ["S.E.", "S.H.", "S.Kom.", "S.T.", "S.Sos.", "S.Pd.", "S.AP.", "S.Kep.", "S.IP."]

STAFF = [  # (kode suffix, nama, jenis, jenjang, kelas)
    ("PRA", "Pranata Komputer", "fungsional", "ahli_muda", 9),
    ("ARS", "Arsiparis", "fungsional", "terampil", 6),
    ("PGD", "Pengadministrasi Umum", "pelaksana", "", 5),
]


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo Pemerintah Provinsi Jambi. Idempotent."

    def handle(self, *args, **options):
        self.rng = random.Random(2026)
        self.used_nips = set()
        self.password = make_password(DEMO_PASSWORD)
        self.written = 0
        with transaction.atomic():
            accounts = self.build()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {UnitKerja.objects.count()} units, "
            f"{Pegawai.objects.count()} people ({self.written} objects written)."))
        autodiscover_modules("demo")
        for builder in ordered():
            with transaction.atomic():
                builder(accounts=accounts, stdout=self.stdout)
        for role in ("admin_bkd", "admin_opd"):
            # An admin who set up an app of their own keeps it.
            pegawai = Pegawai.objects.get(nip=accounts[role])
            if not TOTPDevice.objects.filter(user=pegawai).exists():
                TOTPDevice.objects.create(user=pegawai, name="demo", key=DEMO_TOTP_KEY,
                                          confirmed=True)
        for role, nip in accounts.items():
            self.stdout.write(f"  {role:10} NIP {nip}  password {DEMO_PASSWORD}")
        self.stdout.write(f"Admins' authenticator key (two-step verification, time-based): "
                          f"{DEMO_TOTP_BASE32}")

    # -- objects ---------------------------------------------------------------------------

    def upsert(self, obj, wanted, save):
        """Write obj through its service only when it is new or differs from `wanted`."""
        if obj.pk is None or any(getattr(obj, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(obj, k, v)
            obj = save(obj)
            self.written += 1
        return obj

    def unit(self, kode, nama, jenis, parent, hari=5):
        return self.upsert(
            UnitKerja.objects.filter(kode=kode).first() or UnitKerja(kode=kode),
            {"nama": nama, "jenis": jenis, "parent": parent, "hari_kerja": hari, "aktif": True},
            lambda u: unit_kerja_save(unit=u, actor=None))

    def jabatan(self, kode, nama, jenis, unit, kelas, head=False, jenjang=""):
        return self.upsert(
            Jabatan.objects.filter(kode=kode).first() or Jabatan(kode=kode),
            {"nama": nama, "jenis": jenis, "jenjang": jenjang, "unit": unit,
             "kelas_jabatan": kelas, "kepala_unit": head, "aktif": True},
            lambda j: jabatan_save(jabatan=j, actor=None))

    def nip(self, *, jenis, age_range):
        while True:
            birth = dt.date(self.rng.randint(2026 - age_range[1], 2026 - age_range[0]),
                            self.rng.randint(1, 12), self.rng.randint(1, 28))
            gender = self.rng.choice("12")
            seq = f"{self.rng.randint(1, 40):03d}"
            if jenis == "PPPK":
                year = self.rng.randint(max(birth.year + 22, 2019), 2024)
                nip = f"{birth:%Y%m%d}{year}21{gender}{seq}"
            else:
                year = min(birth.year + self.rng.randint(22, 28), 2025)
                nip = f"{birth:%Y%m%d}{year}{self.rng.randint(1, 12):02d}{gender}{seq}"
            if nip not in self.used_nips:
                self.used_nips.add(nip)
                return nip

    def person(self, jabatan, *, golongan, jenis="PNS", age=(28, 50), gelar=True,
               atasan_override=None, admin_scope=None):
        # The NIP and name come from the random stream in a fixed order, so re-runs match.
        nip = self.nip(jenis=jenis, age_range=age)
        nama = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        belakang = self.rng.choice(GELAR) if gelar else ""
        pegawai = self.upsert(
            Pegawai.objects.filter(nip=nip).first() or Pegawai(nip=nip),
            {"nama": nama, "gelar_belakang": belakang, "jenis": jenis, "golongan": golongan,
             "jabatan": jabatan, "unit": jabatan.unit, "atasan_override": atasan_override,
             "admin_scope": admin_scope, "aktif": True},
            lambda p: pegawai_save(pegawai=p, actor=None))
        # Checking the password would cost a full hash per person; a demo account only
        # gets the demo password while it has none (one the user changed stays theirs).
        if not pegawai.has_usable_password():
            pegawai.password = self.password
            pegawai.save(update_fields=["password"])
        return pegawai

    # -- the organisation ------------------------------------------------------------------

    def build(self):
        root = self.unit("PEMPROV-JAMBI", "Pemerintah Provinsi Jambi", "instansi", None)
        accounts = {}
        for kode, nama, jenis, hari in OPD:
            opd = self.unit(kode, nama, jenis, root, hari)
            head_kelas, head_jenis = (15, "jpt_madya") if kode == "SETDA" else (14, "jpt_pratama")
            self.person(
                self.jabatan(f"{kode}-KEPALA", f"Kepala {nama}"
                             if jenis != "sekretariat" else "Sekretaris Daerah",
                             head_jenis, opd, head_kelas, head=True),
                golongan=self.rng.choice(["IV/c", "IV/d"]), age=(45, 58))
            for b_kode, b_nama, subs in BIDANG.get(kode, BIDANG["default"]):
                b_jenis = "bagian" if b_kode == "SEK" else "bidang"
                bidang = self.unit(f"{kode}-{b_kode}", b_nama, b_jenis, opd, hari)
                kabid_title = "Sekretaris" if b_kode == "SEK" else f"Kepala {b_nama}"
                kabid = self.person(
                    self.jabatan(f"{kode}-{b_kode}-KEPALA", kabid_title, "administrator",
                                 bidang, 11, head=True),
                    golongan=self.rng.choice(["IV/a", "IV/b"]), age=(40, 55))
                # A fungsional expert in the bidang itself: the kepala bidang supervises
                # them through the org chart, no override needed.
                if b_kode != "SEK":
                    analis = self.jabatan(f"{kode}-{b_kode}-ANL", "Analis Kebijakan Ahli Muda",
                                          "fungsional", bidang, 9, jenjang="ahli_muda")
                    self.person(analis, golongan=self.rng.choice(["III/c", "III/d"]))
                for i, s_nama in enumerate(subs, start=1):
                    sub = self.unit(f"{kode}-{b_kode}-S{i}", s_nama, "sub_unit", bidang, hari)
                    kasi = self.person(
                        self.jabatan(f"{kode}-{b_kode}-S{i}-KEPALA", f"Kepala {s_nama}",
                                     "pengawas", sub, 9, head=True),
                        golongan=self.rng.choice(["III/c", "III/d"]), age=(33, 50))
                    staff = []
                    for j, (suffix, s_jab, s_jenis, jenjang, kelas) in enumerate(STAFF):
                        title = f"{s_jab} {Jabatan.Jenjang(jenjang).label}" if jenjang else s_jab
                        jabatan = self.jabatan(f"{kode}-{b_kode}-S{i}-{suffix}", title,
                                               s_jenis, sub, kelas, jenjang=jenjang)
                        pppk = j == 2 and i == 2
                        # Fungsional ahli staff report to the kepala bidang (override): the
                        # post-2019 pattern where eselon IV posts became fungsional.
                        override = kabid if s_jenis == "fungsional" and jenjang == "ahli_muda" \
                            else None
                        staff.append(self.person(
                            jabatan, jenis="PPPK" if pppk else "PNS",
                            golongan="IX" if pppk else self.rng.choice(
                                ["II/c", "II/d", "III/a", "III/b"]),
                            age=(24, 45), gelar=j != 2, atasan_override=override))
                    if kode == "KOMINFO" and b_kode == "B1" and i == 1:
                        accounts["atasan"] = kasi.nip
                        accounts["pegawai"] = staff[2].nip
            if kode == "BKD":
                jab = self.jabatan("BKD-SEK-S1-ADM", "Pengelola Sistem Informasi Kepegawaian",
                                   "pelaksana", UnitKerja.objects.get(kode="BKD-SEK-S1"), 7)
                accounts["admin_bkd"] = self.person(jab, golongan="III/b",
                                                    admin_scope=root).nip
            if kode == "KOMINFO":
                jab = self.jabatan("KOMINFO-SEK-S1-ADM", "Pengelola Data Kepegawaian",
                                   "pelaksana", UnitKerja.objects.get(kode="KOMINFO-SEK-S1"), 7)
                accounts["admin_opd"] = self.person(jab, golongan="III/a",
                                                    admin_scope=opd).nip
        return {role: accounts[role] for role in ("admin_bkd", "admin_opd", "atasan", "pegawai")}
