"""A day's report on a phone: pick from the catalogue, attach evidence, submit the day;
the atasan's badge counts it within 15 seconds without a reload."""

import re
from pathlib import Path

from playwright.sync_api import expect

from ekinerja.models import Pegawai
from ekinerja.selectors import bawahan_for
from kinerja.models import Aktivitas, Skp

from ..kinerja import files
from .conftest import panduan
from .test_login_journey import log_in

SHOTS = Path(__file__).parent / "artifacts"


def _session(browser, live_server, nip, width=390):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nip)
    page.wait_for_url(f"{live_server.url}/")
    return page


def _badge(page):
    text = page.locator("#menunggu").inner_text().strip()
    return int(text) if text else 0


def test_log_a_day_with_evidence_and_the_atasan_sees_it(browser, live_server, demo, tmp_path):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    staff = next(p for p in bawahan_for(atasan)
                 if Skp.objects.filter(pegawai=p, status="disetujui").exists()
                 and p.jabatan.uraian_tugas.exists())

    boss = _session(browser, live_server, atasan.nip, width=1200)
    # Waits by locator, not wait_for_function: the page's CSP refuses evaluating a string.
    expect(boss.locator("#menunggu")).to_have_text(re.compile(r"\d"))
    before = _badge(boss)

    page = _session(browser, live_server, staff.nip)
    page.goto(f"{live_server.url}/aktivitas/")
    tugas = staff.jabatan.uraian_tugas.get(uraian__startswith="Menyusun laporan")
    page.locator("#pilih-tugas select").select_option(value=str(tugas.pk))
    page.locator("#pilih-tugas button").click()
    assert page.get_by_label("Uraian aktivitas").input_value().startswith("Menyusun laporan")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    problems = page.locator(".invalid-feedback, .alert-danger, .alert-block").all_inner_texts()
    assert "Menyusun laporan kegiatan bulanan" in page.locator("#linimasa").inner_text(), problems

    evidence = tmp_path / "laporan-kegiatan.pdf"
    evidence.write_bytes(files.pdf())
    card = page.locator("#linimasa li", has_text="Menyusun laporan kegiatan bulanan")
    card.locator("summary").click()
    card.locator("input[type=file]").set_input_files(str(evidence))
    card.get_by_role("button", name="Unggah").click()
    assert "laporan-kegiatan.pdf" in page.locator("#linimasa").inner_text()

    panduan(page, "harian-catat")
    drafts = Aktivitas.objects.filter(pegawai=staff, status__in=["draft", "dikembalikan"]).count()
    page.get_by_role("button", name="Ajukan semua aktivitas hari ini").click()
    assert not Aktivitas.objects.filter(pegawai=staff, status="draft").exists()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "hari-pegawai.png"), full_page=True)

    expect(boss.locator("#menunggu")).to_have_text(str(before + drafts), timeout=15_000)
    assert _badge(boss) == before + drafts


def test_the_employee_sees_the_decision_without_reloading(browser, live_server, demo):
    import datetime as dt

    from django.utils import timezone

    from kinerja import services
    from penilaian.services import aktivitas_return

    atasan = Pegawai.objects.get(nip=demo["atasan"])
    staff = next(p for p in bawahan_for(atasan)
                 if Skp.objects.filter(pegawai=p, status="disetujui").exists())
    iki = Skp.objects.get(pegawai=staff, status="disetujui").rhk.first().iki.first()
    a = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=staff, tanggal=timezone.localdate(), mulai=dt.time(15, 0),
        selesai=dt.time(15, 45), uraian="Rapat evaluasi mingguan", kategori="iki", iki=iki),
        actor=staff)
    services.aktivitas_submit(items=[a], actor=staff)

    page = _session(browser, live_server, staff.nip)
    page.goto(f"{live_server.url}/aktivitas/")
    card = page.locator("#linimasa li", has_text="Rapat evaluasi mingguan")
    assert "Diajukan" in card.inner_text()
    aktivitas_return(aktivitas=a, actor=atasan, catatan="Lampirkan notulen rapat")
    expect(page.locator("#linimasa")).to_contain_text("Lampirkan notulen rapat",
                                                     timeout=15_000)
    card = page.locator("#linimasa li", has_text="Rapat evaluasi mingguan")
    assert "Dikembalikan" in card.inner_text()
