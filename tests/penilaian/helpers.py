"""Building scoring data directly (the validation services are tested elsewhere)."""

import datetime as dt
from decimal import Decimal as D

from kinerja.models import Aktivitas, Iki, Rhk, TargetPeriode


def done(pegawai, iki, day, hour, output, minutes=60, status="disetujui", **extra):
    """An activity as the supervisor left it (validated through the services elsewhere)."""
    start = dt.datetime.combine(day, dt.time(hour))
    return Aktivitas.objects.create(
        pegawai=pegawai, tanggal=day, mulai=start.time(),
        selesai=(start + dt.timedelta(minutes=minutes)).time(), menit=minutes,
        uraian=f"Kegiatan {hour}", kategori="iki" if iki else "tugas_tambahan", iki=iki,
        output=output, status=status, **extra)


def add_iki(skp, periode, *, nama, agregasi="jumlah", arah="naik", target="10",
            target_atas=None, bobot="0", jenis="utama"):
    rhk = Rhk.objects.create(skp=skp, jenis=jenis, uraian=f"RHK {nama}")
    iki = Iki.objects.create(rhk=rhk, nama=nama, aspek="kuantitas", satuan="x", arah=arah,
                             agregasi=agregasi, target=D(target) * 12, bobot=D(bobot),
                             target_atas=None if target_atas is None else D(target_atas))
    TargetPeriode.objects.create(iki=iki, periode=periode, target=D(target))
    return iki
