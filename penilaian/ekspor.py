"""Excel exports of appraisal data (registered with ekinerja.ekspor): the monthly recap
per OPD and the predikat distribution per unit against the curve."""


from ekinerja.models import Pegawai, UnitKerja
from kinerja.models import TahunKinerja

from .evaluasi import distribusi
from .models import Evaluasi, PredikatUnit, Skor
from .predikat import Predikat, Rating

REKAP_HEADER = ["NIP", "Nama", "Jenis", "Golongan", "Jabatan", "Unit kerja",
                "Menit disetujui", "Target menit", "Produktivitas (%)", "Skor hasil kerja",
                "Rating saran", "Predikat", "Komponen TPP kinerja (%)"]


def rekap_bulanan(unit, parameter):
    """Everyone in the unit's subtree for one period: minutes, productivity, result
    score, suggested rating, predikat (from the final evaluation) and the TPP
    performance component."""
    tahun, nomor = parameter["tahun"], parameter["nomor"]
    people = Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path)
    skor = {row[0]: row[1:] for row in Skor.objects.filter(
        tahun__tahun=tahun, nomor=nomor, pegawai__in=people).values_list(
        "pegawai_id", "menit_disetujui", "target_menit", "produktivitas", "skor_hasil",
        "rating_saran", "tpp_kinerja")}
    predikat = dict(Evaluasi.objects.filter(tahun__tahun=tahun, nomor=nomor,
                                            pegawai__in=people)
                    .exclude(status=Evaluasi.Status.DRAFT).values_list("pegawai_id",
                                                                       "predikat"))
    ratings, labels = dict(Rating.choices), dict(Predikat.choices)

    def rows():
        for pk, nip, nama, jenis, golongan, jabatan, unit_nama in (
                people.order_by("unit__path", "nama")
                .values_list("id", "nip", "nama", "jenis", "golongan", "jabatan__nama",
                             "unit__nama").iterator(chunk_size=2000)):
            menit, target, produktif, hasil, saran, tpp = skor.get(pk, (None,) * 6)
            yield [nip, nama, jenis, golongan, jabatan or "", unit_nama, menit, target,
                   _num(produktif), _num(hasil), str(ratings.get(saran, "")),
                   str(labels.get(predikat.get(pk), "")), _num(tpp)]

    return people.count(), rows()


def _num(value):
    return float(value) if value is not None else None


KURVA_HEADER = ["Kode", "Unit kerja", *[str(label) for _v, label in Predikat.choices],
                "Belum dievaluasi", "Predikat organisasi"]


def kurva_unit(unit, parameter):
    """Per unit of the subtree: the staff predikat of the year and the unit's own."""
    tahun = TahunKinerja.objects.get(tahun=parameter["tahun"])
    units = list(UnitKerja.objects.filter(path__startswith=unit.path, aktif=True)
                 .order_by("path"))
    organisasi = dict(PredikatUnit.objects.filter(tahun=tahun, unit__in=units)
                      .values_list("unit_id", "predikat"))

    def rows():
        for u in units:
            counts, missing = distribusi(u, tahun)
            yield [u.kode, u.nama, *[counts.get(value, 0) for value, _l in Predikat.choices],
                   missing, organisasi.get(u.pk, "")]

    return len(units), rows()
