"""Apps add to the demo data without the core knowing them: `seed_demo` imports each
installed app's `demo` module (Django's autodiscover, as for admin.py), which registers a
builder here. Builders run in INSTALLED_APPS order with the demo accounts."""

BUILDERS = []


def register(builder=None, *, last=False):
    """builder(*, accounts, stdout) -> None; must be idempotent. `last`: run after every
    other builder (figures computed from everyone's demo data)."""

    def add(fn):
        fn.demo_last = last
        BUILDERS.append(fn)
        return fn

    return add(builder) if builder is not None else add


def ordered():
    """The builders in the order they run."""
    return sorted(BUILDERS, key=lambda fn: fn.demo_last)


@register
def build_pengumuman(*, accounts, stdout):
    """BKD's welcome to everyone, once."""
    from django.utils import timezone

    from .models import Pegawai, Pengumuman, UnitKerja
    from .pengumuman import pengumuman_kirim

    if Pengumuman.objects.exists():
        return
    pengumuman_kirim(pengumuman=Pengumuman(
        judul="Selamat datang di e-kinerja",
        isi="Mulai bulan ini kinerja harian dicatat di e-kinerja. Susun SKP Anda, catat "
            "aktivitas setiap hari kerja, dan lihat nilai Anda di Dasbor.\n"
            "Pertanyaan dapat disampaikan kepada admin OPD Anda.",
        unit=UnitKerja.objects.get(parent__isnull=True), mulai=timezone.localdate()),
        actor=Pegawai.objects.get(nip=accounts["admin_bkd"]))
    stdout.write("Announcement ready: BKD's welcome to everyone.")


# National holidays and cuti bersama of 2026 as the demo's calendar, from the joint decree
# of the Minister of Religious Affairs, the Minister of Manpower and the Minister of
# State Apparatus on the 2026 holidays and cuti bersama (SKB 3 Menteri, 2025). Demo data:
# BKD enters and checks each year's list (/kelola/hari-libur/) against the decree.
LIBUR_2026 = [
    ("2026-01-01", "libur", "Tahun Baru 2026 Masehi"),
    ("2026-01-16", "libur", "Isra Mikraj Nabi Muhammad SAW"),
    ("2026-02-16", "cuti_bersama", "Cuti bersama Tahun Baru Imlek"),
    ("2026-02-17", "libur", "Tahun Baru Imlek 2577 Kongzili"),
    ("2026-03-18", "cuti_bersama", "Cuti bersama Hari Suci Nyepi"),
    ("2026-03-19", "libur", "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    ("2026-03-20", "libur", "Idul Fitri 1447 Hijriah"),
    ("2026-03-21", "libur", "Idul Fitri 1447 Hijriah"),
    ("2026-03-23", "cuti_bersama", "Cuti bersama Idul Fitri 1447 Hijriah"),
    ("2026-03-24", "cuti_bersama", "Cuti bersama Idul Fitri 1447 Hijriah"),
    ("2026-04-03", "libur", "Wafat Yesus Kristus"),
    ("2026-04-05", "libur", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2026-05-01", "libur", "Hari Buruh Internasional"),
    ("2026-05-14", "libur", "Kenaikan Yesus Kristus"),
    ("2026-05-15", "cuti_bersama", "Cuti bersama Kenaikan Yesus Kristus"),
    ("2026-05-27", "libur", "Idul Adha 1447 Hijriah"),
    ("2026-05-28", "cuti_bersama", "Cuti bersama Idul Adha 1447 Hijriah"),
    ("2026-05-31", "libur", "Hari Raya Waisak 2570 BE"),
    ("2026-06-01", "libur", "Hari Lahir Pancasila"),
    ("2026-06-16", "libur", "Tahun Baru Islam 1448 Hijriah"),
    ("2026-08-17", "libur", "Hari Kemerdekaan Republik Indonesia"),
    ("2026-08-25", "libur", "Maulid Nabi Muhammad SAW"),
    ("2026-12-24", "cuti_bersama", "Cuti bersama Hari Raya Natal"),
    ("2026-12-25", "libur", "Hari Raya Natal"),
]
# Holidays on a fixed date, for a demo seeded in another year (the rest follow the moon or
# a decree: BKD enters them).
LIBUR_TETAP = [("01-01", "Tahun Baru Masehi"), ("05-01", "Hari Buruh Internasional"),
               ("06-01", "Hari Lahir Pancasila"),
               ("08-17", "Hari Kemerdekaan Republik Indonesia"), ("12-25", "Hari Raya Natal")]


@register
def build_hari_libur(*, accounts, stdout):
    """The year's national holidays and cuti bersama, so that the working days, the
    monthly target minutes and the demo's activities leave them out."""
    import datetime as dt

    from django.utils import timezone

    from .models import HariLibur

    year = timezone.localdate().year
    if year == 2026:
        rows = [(dt.date.fromisoformat(d), jenis, nama) for d, jenis, nama in LIBUR_2026]
    else:
        rows = [(dt.date.fromisoformat(f"{year}-{md}"), "libur", nama)
                for md, nama in LIBUR_TETAP]
    made = HariLibur.objects.bulk_create(
        [HariLibur(tanggal=d, jenis=jenis, nama=nama) for d, jenis, nama in rows],
        ignore_conflicts=True)
    stdout.write(f"Holidays ready: {len(made)} days of {year} in the calendar.")
