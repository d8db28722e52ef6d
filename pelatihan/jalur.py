"""The learning paths of Peraturan LAN 10/2018 with their codes (domain.md): (code, name,
classical). Seeded by migration 0002; BKD may rename or retire them."""

JALUR = [
    ("KL01", "Kepemimpinan", True), ("KL02", "Manajerial", True), ("KL03", "Teknis", True),
    ("KL04", "Fungsional", True), ("KL05", "Sosial kultural", True),
    ("KL06", "Seminar/konferensi/sarasehan", True), ("KL07", "Workshop/lokakarya", True),
    ("KL08", "Kursus", True), ("KL09", "Penataran", True), ("KL10", "Bimbingan teknis", True),
    ("KL11", "Sosialisasi", True), ("KL12", "Lainnya (klasikal)", True),
    ("NKL01", "Coaching", False), ("NKL02", "Mentoring", False),
    ("NKL03", "E-learning", False), ("NKL04", "Pelatihan jarak jauh", False),
    ("NKL05", "Detasering", False), ("NKL06", "Outbound", False),
    ("NKL07", "Benchmarking", False), ("NKL08", "Pertukaran PNS-swasta", False),
    ("NKL09", "Belajar mandiri", False), ("NKL10", "Komunitas belajar", False),
    ("NKL11", "Bimbingan di tempat kerja", False), ("NKL12", "Magang", False),
    ("NKL13", "Lainnya (nonklasikal)", False),
]


def jalur_pastikan():
    """Put the paths back if the table was emptied (as the scoring rule is)."""
    from .models import JalurBelajar

    if not JalurBelajar.objects.exists():
        JalurBelajar.objects.bulk_create(JalurBelajar(kode=k, nama=n, klasikal=c)
                                         for k, n, c in JALUR)
