import datetime as dt
from decimal import Decimal

import pytest

from ekinerja.selectors import atasan_for
from kinerja import services
from kinerja.models import IndikatorVersi, Rhk, SasaranOrganisasi, TahunKinerja


def make_year(year, actor, ritme="bulanan"):
    return services.tahun_kinerja_create(
        tahun=TahunKinerja(tahun=year, ritme=ritme, batas_skp=dt.date(year, 1, 31),
                           hari_cutoff=5), actor=actor)


@pytest.fixture
def tahun(db, admin_bkd, hari_lapor):
    """The year of the day the tests log work on (today's, but for the first hours of
    1 January)."""
    return make_year(hari_lapor.year, admin_bkd)


@pytest.fixture
def indikator(admin_bkd, db):
    versi = IndikatorVersi(nama="Jumlah dokumen yang diselesaikan", satuan="dokumen",
                           aspek="kuantitas", arah="naik", agregasi="jumlah")
    return services.indikator_create(kode="DOK-01", versi=versi, actor=admin_bkd).indikator


@pytest.fixture
def sasaran(opd_a, tahun):
    return SasaranOrganisasi.objects.create(unit=opd_a, tahun=tahun,
                                            uraian="Meningkatnya kualitas layanan publik")


def build_skp(person, tahun, *, parent=None, sasaran=None, target="120", bobot="100",
              uraian="Terselenggaranya layanan"):
    """A complete draft SKP: one Utama RHK (linked) with one IKI carrying all the weight."""
    skp = services.skp_create(pegawai=person, tahun=tahun, actor=person)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian=uraian, intervensi=parent,
                                    sasaran=sasaran), actor=person)
    from kinerja.models import Iki

    services.iki_save(iki=Iki(rhk=rhk, nama="Jumlah laporan", aspek="kuantitas",
                              satuan="laporan", target=Decimal(target), bobot=Decimal(bobot)),
                      actor=person)
    return skp


def approve(skp, actor=None):
    services.skp_submit(skp=skp, actor=skp.pegawai)
    return services.skp_approve(skp=skp, actor=actor or atasan_for(skp.pegawai))


@pytest.fixture
def skp_kepala(kepala_a, tahun, sasaran, admin_bkd):
    """The head of the OPD has no atasan in the system: Admin BKD approves."""
    return approve(build_skp(kepala_a, tahun, sasaran=sasaran, uraian="Layanan dinas prima"),
                   actor=admin_bkd)


@pytest.fixture
def skp_atasan(atasan, tahun, skp_kepala):
    return approve(build_skp(atasan, tahun, parent=skp_kepala.rhk.first(),
                             uraian="Layanan bidang tepat waktu"))


@pytest.fixture
def skp_pegawai(pegawai, tahun, skp_atasan):
    """The employee's complete draft, linked to the atasan's approved RHK."""
    return build_skp(pegawai, tahun, parent=skp_atasan.rhk.first())
