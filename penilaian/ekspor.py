"""Excel exports of appraisal data (registered with ekinerja.ekspor): the monthly recap
per OPD and the predikat distribution per unit against the curve."""


from ekinerja.models import Pegawai, UnitKerja
from kinerja.models import TahunKinerja

from .angka_kredit import kelayakan_banyak
from .evaluasi import distribusi
from .models import Evaluasi, PredikatUnit, Skor, Tpp
from .predikat import Predikat, Rating
from .selectors import fungsional_di

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


# --- BKN e-Kinerja's "Laporan Penilaian SKP" (docs/bkn.md) --------------------------------

PENILAIAN_HEADER = ["No", "nip", "nama", "skp_unor", "skp_unor_induk", "skp_jabatan",
                    "hasil_kerja", "perilaku_kerja", "hasil_akhir", "golru", "jenis_pegawai",
                    "skp_jenis_jabatan", "is_skp_plt_plh_pjb"]
RATING_BKN = {Rating.DI_ATAS: "DIATAS EKSPEKTASI", Rating.SESUAI: "SESUAI EKSPEKTASI",
              Rating.DI_BAWAH: "DIBAWAH EKSPEKTASI"}
PREDIKAT_BKN = {Predikat.SANGAT_BAIK: "SANGAT BAIK", Predikat.BAIK: "BAIK",
                Predikat.BUTUH_PERBAIKAN: "BUTUH PERBAIKAN", Predikat.KURANG: "KURANG",
                Predikat.SANGAT_KURANG: "SANGAT KURANG"}


def _periode_teks(parameter):
    from kinerja.ekspor import BULAN

    tahun, nomor = parameter["tahun"], parameter.get("nomor", 0)
    if not nomor:
        return f"Tahunan Tahun {tahun}"
    ritme = TahunKinerja.objects.filter(tahun=tahun).values_list("ritme", flat=True).first()
    if ritme == "bulanan":
        return f"Bulanan {BULAN[nomor - 1]} Tahun {tahun}"
    return f"Triwulanan {nomor} Tahun {tahun}"


def judul_penilaian_skp(unit, parameter):
    from kinerja.ekspor import judul_bkn

    return judul_bkn("Laporan Penilaian SKP Periode", unit, _periode_teks(parameter))


def laporan_penilaian_skp(unit, parameter):
    """The evaluations of a period (or, without one, the year) in the unit's subtree that
    are no longer drafts, one row each, in the columns of BKN's "Laporan Penilaian SKP";
    ratings and predikat in BKN's capitals."""
    from ekinerja.models import Jabatan
    from kinerja.ekspor import opd_nama, opd_names

    evaluations = (Evaluasi.objects
                   .filter(tahun__tahun=parameter["tahun"], nomor=parameter.get("nomor", 0),
                           pegawai__unit__path__startswith=unit.path)
                   .exclude(status=Evaluasi.Status.DRAFT)
                   .select_related("pegawai__unit", "pegawai__jabatan")
                   .order_by("pegawai__unit__path", "pegawai__nama", "pk"))
    names, jenis = opd_names(), dict(Jabatan.Jenis.choices)

    def rows():
        for number, ev in enumerate(evaluations.iterator(chunk_size=2000), start=1):
            person = ev.pegawai
            jabatan = person.jabatan
            yield [number, person.nip, person.nama_lengkap,
                   ev.pegawai_unit or (person.unit.nama if person.unit_id else ""),
                   opd_nama(person.unit, names) if person.unit_id else "",
                   ev.pegawai_jabatan or (jabatan.nama if jabatan else ""),
                   RATING_BKN.get(ev.rating_hasil, ""), RATING_BKN.get(ev.rating_perilaku, ""),
                   PREDIKAT_BKN.get(ev.predikat, ""), person.golongan, person.jenis,
                   str(jenis.get(jabatan.jenis, "")) if jabatan else "", 0]

    return evaluations.count(), rows()


def _tahunan(parameter):
    return {**parameter, "nomor": 0}


def judul_penilaian_tahunan(unit, parameter):
    return judul_penilaian_skp(unit, _tahunan(parameter))


def laporan_penilaian_tahunan(unit, parameter):
    """The year's evaluations (nomor 0), whatever period the request carried."""
    return laporan_penilaian_skp(unit, _tahunan(parameter))


# --- angka kredit: balances and eligibility (penilaian.angka_kredit) ---------------------------

ANGKA_KREDIT_HEADER = ["NIP", "Nama", "Unit kerja", "Jabatan", "Jenjang", "PAK awal",
                       "Nomor SK PAK", "Per tanggal", "Konversi sejak PAK",
                       "Angka kredit kumulatif", "Kebutuhan kenaikan pangkat", "Layak naik pangkat",
                       "Kebutuhan kenaikan jenjang", "Layak naik jenjang", "Belum terpenuhi"]


def angka_kredit_layak(unit, parameter):
    """Everyone in a functional post in the subtree: the balance against the next rank and
    level today, and what is still missing (one row each)."""
    people = kelayakan_banyak(list(fungsional_di(unit)))

    def ya(flag):
        return "Ya" if flag else "Tidak"

    def rows():
        for k in people:
            p = k.pegawai
            missing = [s.label for s in k.pangkat + k.naik_jenjang if not s.terpenuhi]
            yield [p.nip, p.nama_lengkap, p.unit.nama if p.unit_id else "", p.jabatan.nama,
                   p.jabatan.get_jenjang_display(), k.pak.nilai if k.pak else "",
                   k.pak.nomor_sk if k.pak else "", k.pak.per_tanggal if k.pak else "",
                   k.konversi, k.saldo, k.kebutuhan_pangkat, ya(k.layak_pangkat),
                   k.kebutuhan_jenjang if k.kebutuhan_jenjang is not None else "-",
                   ya(k.layak_jenjang) if k.naik_jenjang else "-", "; ".join(missing)]

    return len(people), rows()


# --- TPP: the payroll list for the finance office (docs/tpp.md) -------------------------------

TPP_HEADER = ["No", "NIP", "Nama", "Golongan", "Jabatan", "Kelas jabatan", "Unit kerja",
              "Basis TPP", "Faktor (%)", "TPP kinerja", "Potongan disiplin (%)",
              "TPP disiplin", "Jumlah TPP", "Final", "Keterangan"]


def tpp_bayar(unit, parameter):
    """The period's computed TPP of the unit's subtree, one row per person (rupiah), in the
    columns docs/tpp.md records for BPKAD; taxes and deductions of pay are theirs."""
    rows = list(Tpp.objects.filter(periode__tahun__tahun=parameter["tahun"],
                                   periode__nomor=parameter["nomor"],
                                   pegawai__unit__path__startswith=unit.path)
                .select_related("pegawai__unit", "pegawai__jabatan")
                .order_by("pegawai__unit__path", "pegawai__nama"))

    def lines():
        for n, t in enumerate(rows, start=1):
            p = t.pegawai
            yield [n, p.nip, p.nama_lengkap, p.golongan, p.jabatan.nama if p.jabatan_id else "",
                   t.kelas_jabatan, p.unit.nama if p.unit_id else "", t.basis, t.faktor,
                   t.nilai_kinerja, t.potongan_persen, t.nilai_disiplin, t.total,
                   "Ya" if t.final else "Tidak", "; ".join(t.gerbang)]

    return len(rows), lines()
