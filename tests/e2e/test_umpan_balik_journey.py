"""A 360 feedback round: the Admin BKD turns on this year's round; a head asks three of their
peers and people for feedback; each answers the 7 BerAKHLAK values on a phone; the
head then sees the averages once the round has ended, and no name or comment."""

import datetime as dt
from pathlib import Path

from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_for
from penilaian.models import Penilai360, Putaran360
from penilaian.umpan_balik import kandidat

from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def test_a_360_round(browser, live_server, demo, jam):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    # The head of section, or their own atasan: whoever has three people to ask.
    subject = next(p for p in (atasan, atasan_for(atasan)) if len(kandidat(p)) >= 3)
    raters = [p for p, _hubungan in kandidat(subject)][:3]

    bkd = _session(browser, live_server, demo["admin_bkd"], width=1200)
    bkd.goto(f"{live_server.url}/kelola/360/atur/")
    bkd.get_by_label("Umpan balik 360 tahun ini").check()
    bkd.get_by_label("Paling banyak penilai per orang").fill("5")
    bkd.get_by_label("Jawaban sampai").fill("2026-10-30")
    bkd.get_by_role("button", name="Simpan").click()
    bkd.wait_for_selector(".alert-success")
    assert Putaran360.objects.get().aktif

    head = _session(browser, live_server, subject.nip, width=1200)
    head.goto(f"{live_server.url}/360/")
    head.locator("#saya-360").get_by_role("link", name="Minta penilai").click()
    for person in raters:
        head.get_by_label(person.nama_lengkap, exact=False).check()
    head.get_by_role("button", name="Minta mereka").click()
    head.wait_for_selector(".alert-success")
    assert Penilai360.objects.filter(pegawai=subject).count() == 3

    for n, person in enumerate(raters):
        page = _session(browser, live_server, person.nip)  # a phone
        page.goto(f"{live_server.url}/360/")
        page.locator("#tugas-360").get_by_role("link", name="Jawab").click()
        for fieldset in page.locator("#form-360 fieldset").all():
            fieldset.get_by_label(str(3 + n % 2), exact=True).check()
        page.locator("#form-360 input[name=komentar_1]").fill(f"Catatan rahasia {n}")
        page.get_by_role("button", name="Kirim jawaban saya").click()
        page.wait_for_selector(".alert-success")
        page.context.close()

    # The averages show once the round has ended.
    head.goto(f"{live_server.url}/360/hasil/{subject.pk}/")
    assert "setelah putaran berakhir" in head.locator("#belum-cukup").inner_text()
    jam.move_to(dt.datetime(2026, 10, 31, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    head = _session(browser, live_server, subject.nip, width=1200)
    head.goto(f"{live_server.url}/360/hasil/{subject.pk}/")
    body = head.locator("body").inner_text()
    assert "Berorientasi Pelayanan" in body and "3,3" in body  # (3 + 4 + 3) / 3
    assert all(p.nama not in body for p in raters) and "Catatan rahasia" not in body
    SHOTS.mkdir(exist_ok=True)
    head.screenshot(path=str(SHOTS / "umpan-balik-360.png"), full_page=True)
