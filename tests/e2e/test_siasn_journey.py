"""The Admin BKD reconciles a changed supervisor from SIASN (the fake SIASN on 127.0.0.1):
pulls on the worker, reads the report with the supervisor highlighted, applies it, and the
employee's supervisor is SIASN's from then on."""

from pathlib import Path

from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import atasan_for, bawahan_for
from ekinerja.siasn_palsu import (
    SiasnPalsu,
)

from .test_login_journey import log_in

SHOTS = Path(__file__).parent / "artifacts"


def _fill(siasn, new_head_of):
    """SIASN holds every unit and person as we do, but names `new_head_of[unit]` its
    head."""
    units = list(UnitKerja.objects.all())
    for unit in units:
        unit.kode_siasn = f"U-{unit.kode}"
    UnitKerja.objects.bulk_update(units, ["kode_siasn"])
    by_pk = {u.pk: u for u in units}
    people = list(Pegawai.objects.filter(aktif=True).select_related("unit", "jabatan"))
    heads = {p.unit_id: p for p in people if p.jabatan_id and p.jabatan.kepala_unit}
    for unit in units:
        head = new_head_of.get(unit.pk, heads.get(unit.pk))
        siasn.unor.append({"Id": unit.kode_siasn, "NamaUnor": unit.nama,
                           "DiatasanId": by_pk[unit.parent_id].kode_siasn
                           if unit.parent_id else None,
                           "PemimpinPnsId": f"P-{head.nip}" if head else None})
    for p in people:
        siasn.pns[p.nip] = {"id": f"P-{p.nip}", "nipBaru": p.nip, "nama": p.nama,
                            "gelarDepan": p.gelar_depan, "gelarBelakang": p.gelar_belakang,
                            "golRuangAkhir": p.golongan,
                            "unorId": f"U-{p.unit.kode}" if p.unit_id else None,
                            "unorNama": p.unit.nama if p.unit_id else "",
                            "jabatanNama": p.jabatan.nama if p.jabatan_id else ""}


def test_the_admin_bkd_reconciles_a_changed_supervisor(browser, live_server, demo,
                                                       celery_worker, settings):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    team = list(bawahan_for(atasan))
    staff, successor = team[0], team[1]  # SIASN: the unit is now headed by a team member
    with SiasnPalsu() as siasn:
        _fill(siasn, {atasan.unit_id: successor})
        settings.SIASN = siasn.pengaturan(settings.SIASN)
        context = browser.new_context(locale="id-ID", viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        log_in(page, live_server, demo["admin_bkd"])
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/kelola/siasn/")
        page.get_by_role("button", name="Tarik dari SIASN").click()
        # The page polls itself until the worker has compared everyone.
        row = page.locator("#siasn-perbedaan li", has_text=staff.nip)
        row.wait_for()
        change = row.locator(".beda-atasan").inner_text()
        assert atasan.nip in change and successor.nip in change, change
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "siasn-bkd.png"), full_page=True)
        page.once("dialog", lambda dialog: dialog.accept())  # it asks first
        page.get_by_role("button", name="Terapkan perubahan").click()
        page.wait_for_selector(".alert-success")
        context.close()
    staff.refresh_from_db()
    assert atasan_for(staff) == successor
    assert staff in bawahan_for(successor)
