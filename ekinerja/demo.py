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
