"""BKN's daily progress on a phone: the employee plans the quarter on the SKP page, logs
the afternoon against that plan, takes the week to BKN as an Excel file whose columns are
BKN's Progres Harian, and reading that file back changes nothing."""

import datetime as dt
import io
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook

from ekinerja.models import Pegawai
from ekinerja.selectors import bawahan_for
from kinerja.models import Aktivitas, Iki, RencanaAksi, Skp
from kinerja.progres import KOLOM

from .test_login_journey import log_in

SHOTS = Path(__file__).parent / "artifacts"
PLAN = "Menyusun laporan pelayanan triwulan ini"


def test_plan_the_quarter_log_against_it_and_take_the_week_to_bkn(browser, live_server, demo,
                                                                  tmp_path):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    staff = next(p for p in bawahan_for(atasan)
                 if Skp.objects.filter(pegawai=p, status="disetujui").exists())
    skp = Skp.objects.get(pegawai=staff, status="disetujui")
    iki = Iki.objects.filter(rhk__skp=skp, rhk__jenis="utama").select_related("rhk").first()
    today = timezone.localdate()
    quarter = RencanaAksi.triwulan_of(today)

    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, staff.nip)
    page.wait_for_url(f"{live_server.url}/")

    # The quarter's action plan, on the SKP page.
    page.goto(f"{live_server.url}/skp/{skp.pk}/")
    card = page.locator("#daftar-rencana-aksi .card", has_text=iki.rhk.uraian)
    card.get_by_role("link", name="Tambah rencana aksi").click()
    page.get_by_label("Triwulan").select_option(str(quarter))
    page.get_by_label("Rencana aksi").fill(PLAN)
    page.get_by_label("Target").fill("3")
    page.get_by_label("Satuan").fill("Dokumen")
    page.get_by_role("button", name="Simpan").click()
    assert PLAN in page.locator("#daftar-rencana-aksi").inner_text()

    # The afternoon's work, pointing to it, submitted.
    page.goto(f"{live_server.url}/aktivitas/")
    page.get_by_label("IKI").select_option(str(iki.pk))
    page.get_by_label("Rencana aksi").select_option(
        str(RencanaAksi.objects.get(uraian=PLAN).pk))
    page.get_by_label("Mulai").fill("15:05")
    page.get_by_label("Selesai").fill("15:50")
    page.get_by_label("Uraian aktivitas").fill("Menyusun draf laporan pelayanan")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    problems = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    assert "Menyusun draf laporan pelayanan" in page.locator("#linimasa").inner_text(), problems
    page.get_by_role("button", name="Ajukan semua aktivitas hari ini").click()
    page.wait_for_selector(".alert-success")
    assert Aktivitas.objects.get(pegawai=staff, mulai=dt.time(15, 5)).status == "diajukan"

    # The week to BKN.
    page.goto(f"{live_server.url}/aktivitas/progres-harian/")
    page.get_by_label("Dari").fill(f"{today - dt.timedelta(days=6):%Y-%m-%d}")
    page.get_by_label("Sampai").fill(f"{today:%Y-%m-%d}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "progres-harian.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh Excel").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.endswith(".xlsx") and staff.nip in saved.name
    rows = [list(r) for r in load_workbook(io.BytesIO(saved.read_bytes())).worksheets[0]
            .iter_rows(values_only=True)]
    assert rows[0] == KOLOM
    assert [PLAN, f"{today:%Y-%m-%d}", "15:05", "15:50", "Menyusun draf laporan pelayanan",
            1, "Dokumen", None] in rows
    days = {row[1] for row in rows[1:]}
    assert days and all(today - dt.timedelta(days=6) <= dt.date.fromisoformat(d) <= today
                        for d in days)

    # The same file read back: nothing new, nothing to change.
    page.goto(f"{live_server.url}/aktivitas/progres-harian/impor/")
    page.get_by_label("Berkas (.csv atau .xlsx)").set_input_files(str(saved))
    page.get_by_role("button", name="Periksa berkas").click()
    summary = page.locator("#impor-ringkasan").inner_text()
    assert "Baru: 0" in summary and f"Tidak berubah: {len(rows) - 1}" in summary, summary
    assert page.locator("#impor-errors").count() == 0
    context.close()
