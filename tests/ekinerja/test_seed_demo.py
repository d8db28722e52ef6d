import io

from django.core.management import call_command
from django.test import Client

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import atasan_for, bawahan_for


def _seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _accounts(output):
    return {line.split()[0]: line.split()[2] for line in output.splitlines()
            if line.startswith("  ")}


def test_seed_builds_a_province_with_about_300_people_and_is_idempotent(db):
    first = _seed()
    counts = (UnitKerja.objects.count(), Pegawai.objects.count())
    assert UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS).count() == 15
    assert 280 <= counts[1] <= 400
    second = _seed()
    assert "(0 objects written)" in second
    assert (UnitKerja.objects.count(), Pegawai.objects.count()) == counts
    assert _accounts(first) == _accounts(second)


def test_demo_data_has_four_levels_and_fungsional_pppk_staff(db):
    _seed()
    depths = {u.depth for u in UnitKerja.objects.all()}
    assert depths == {0, 1, 2, 3}
    assert Pegawai.objects.filter(jenis="PPPK").exists()
    assert Pegawai.objects.filter(jabatan__jenis="fungsional").exists()
    assert Pegawai.objects.filter(atasan_override__isnull=False).exists()


def test_the_demo_accounts_log_in_and_have_their_roles(db):
    accounts = _accounts(_seed())
    assert set(accounts) == {"admin_bkd", "admin_opd", "atasan", "pegawai"}
    people = {role: Pegawai.objects.get(nip=nip) for role, nip in accounts.items()}
    assert people["admin_bkd"].admin_scope.jenis == "instansi"
    assert people["admin_opd"].admin_scope.is_opd
    assert atasan_for(people["pegawai"]) == people["atasan"]
    assert bawahan_for(people["atasan"]).exists()
    client = Client()
    assert client.post("/masuk/", {"username": accounts["pegawai"],
                                   "password": DEMO_PASSWORD}).status_code == 302


def test_the_readme_lists_the_demo_accounts_the_seed_creates(db):
    from pathlib import Path

    from ekinerja.nip import format_nip

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert DEMO_PASSWORD in readme
    for nip in _accounts(_seed()).values():
        assert format_nip(nip) in readme
