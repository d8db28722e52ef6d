"""Factories build valid objects through the same services the app uses."""

import datetime as dt
import itertools

import factory

from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.services import jabatan_save, pegawai_save, unit_kerja_save

PASSWORD = "kata-sandi-uji-yang-panjang"
_seq = itertools.count(1)


def make_nip(n=None, *, jenis="PNS", gender="1"):
    """A valid NIP, different for every n: born 1980-01-01 + n days, appointed at 25."""
    n = next(_seq) if n is None else n
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=n)
    seq = f"{n % 999 + 1:03d}"
    if jenis == "PPPK":
        return f"{birth:%Y%m%d}{birth.year + 30}21{gender}{seq}"
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}{gender}{seq}"


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    kode = factory.Sequence(lambda n: f"U{n:04d}")
    nama = factory.Sequence(lambda n: f"Unit {n}")
    jenis = UnitKerja.Jenis.BIDANG
    parent = None
    hari_kerja = 5

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_kerja_save(unit=model_class(**kwargs), actor=None)


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    kode = factory.Sequence(lambda n: f"J{n:04d}")
    nama = factory.Sequence(lambda n: f"Jabatan {n}")
    jenis = Jabatan.Jenis.PELAKSANA
    kelas_jabatan = 7
    unit = factory.SubFactory(UnitKerjaFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return jabatan_save(jabatan=model_class(**kwargs), actor=None)


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    nip = factory.LazyFunction(make_nip)
    nama = factory.Sequence(lambda n: f"Pegawai {n}")
    jenis = Pegawai.Jenis.PNS
    golongan = "III/a"
    jabatan = factory.SubFactory(JabatanFactory)
    unit = factory.LazyAttribute(lambda o: o.jabatan.unit)

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        pegawai = pegawai_save(pegawai=model_class(**kwargs), actor=None)
        if password:
            pegawai.set_password(password)
            pegawai.save(update_fields=["password"])
        return pegawai


def head_of(unit, **kwargs):
    """A person holding the head post of `unit`."""
    jenis = kwargs.pop("jenis_jabatan", Jabatan.Jenis.ADMINISTRATOR)
    jabatan = JabatanFactory(unit=unit, jenis=jenis, kepala_unit=True, kelas_jabatan=11,
                             nama=f"Kepala {unit.nama}")
    return PegawaiFactory(jabatan=jabatan, golongan="IV/a", **kwargs)


def staff_of(unit, **kwargs):
    return PegawaiFactory(jabatan=JabatanFactory(unit=unit), **kwargs)
