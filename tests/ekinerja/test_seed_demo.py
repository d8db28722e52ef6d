"""seed_demo: one realistic province, the same on every run. The first test runs it from
scratch and again (idempotence); the others read the copy the browser journeys use too
(demo_klon: seeded once per moment, cloned from a template database)."""

import datetime as dt
import io
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.nip import format_nip
from ekinerja.selectors import atasan_for, bawahan_for
from kinerja.models import Skp


def _seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _accounts(output):
    return {line.split()[0]: line.split()[2] for line in output.splitlines()
            if line.startswith("  ")}


def test_seed_builds_the_province_and_is_idempotent(db):
    first = _seed()
    counts = (UnitKerja.objects.count(), Pegawai.objects.count(), Skp.objects.count())
    assert UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS).count() == 15
    assert 280 <= counts[1] <= 400
    assert {u.depth for u in UnitKerja.objects.all()} == {0, 1, 2, 3}
    assert Pegawai.objects.filter(jenis="PPPK").exists()
    assert Pegawai.objects.filter(jabatan__jenis="fungsional").exists()
    assert Pegawai.objects.filter(atasan_override__isnull=False).exists()
    # The year's holidays are in the calendar: December's target leaves Christmas out.
    from django.utils import timezone

    from ekinerja import kalender

    year = timezone.localdate().year
    assert dt.date(year, 12, 25) not in kalender.working_days(year, 12, 5)
    assert dt.date(year, 8, 17) not in kalender.working_days(year, 8, 5)
    second = _seed()
    assert "(0 objects written)" in second and "0 SKPs approved now" in second
    assert (UnitKerja.objects.count(), Pegawai.objects.count(),
            Skp.objects.count()) == counts
    assert _accounts(first) == _accounts(second)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert DEMO_PASSWORD in readme
    for nip in _accounts(first).values():
        assert format_nip(nip) in readme


def test_demo_accounts_roles_and_plans(demo_klon):
    accounts = demo_klon
    assert set(accounts) == {"admin_bkd", "admin_opd", "atasan", "pegawai"}
    people = {role: Pegawai.objects.get(nip=nip) for role, nip in accounts.items()}
    assert people["admin_bkd"].admin_scope.jenis == "instansi"
    assert people["admin_opd"].admin_scope.is_opd
    assert atasan_for(people["pegawai"]) == people["atasan"]
    assert bawahan_for(people["atasan"]).exists()
    client = Client()
    assert client.post("/masuk/", {"username": accounts["pegawai"],
                                   "password": DEMO_PASSWORD}).status_code == 302
    # Everyone but the demo pegawai's post has an approved plan linked up the chart.
    approved = Skp.objects.filter(status="disetujui")
    assert approved.count() == Pegawai.objects.count() - 1
    assert not Skp.objects.filter(pegawai=people["pegawai"]).exists()
    atasan_skp = approved.get(pegawai=people["atasan"])
    assert atasan_skp.rhk.get(jenis="utama").intervensi.skp.pegawai == atasan_for(
        people["atasan"])


def test_demo_training_history(demo_klon):
    from django.utils import timezone

    from pelatihan.models import KegiatanBelajar, Partisipasi, RencanaPengembangan
    from pelatihan.selectors import kepatuhan

    accounts = demo_klon
    year = timezone.localdate().year
    rows = kepatuhan(Pegawai.objects.filter(aktif=True), year)
    under, total = rows.filter(jp_kurang__gt=0).count(), rows.count()
    assert 0.15 * total < under < 0.6 * total  # some under their right, most not
    assert Partisipasi.objects.filter(selesai__year=year - 1).exists()  # history by year
    pegawai = Pegawai.objects.get(nip=accounts["pegawai"])
    waiting = Partisipasi.objects.get(pegawai=pegawai, status="diajukan")
    assert waiting.sertifikat.read().startswith(b"%PDF")
    assert KegiatanBelajar.objects.filter(status="usulan", dibuat_oleh=pegawai).exists()
    assert RencanaPengembangan.objects.get(pegawai=pegawai).status == "diajukan"
    count = Partisipasi.objects.count()
    _seed()
    assert Partisipasi.objects.count() == count
