"""The dashboards draw their charts in a real browser (employee on a phone, atasan on a
desktop, then monitoring their unit), and the Admin BKD exports the JP compliance of an
OPD: built by the worker, followed on the progress page, downloaded and opened; then the
BKD monitoring overview and one OPD drilled into. Screenshots are kept as artifacts."""

from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook

from ekinerja.models import Pegawai, UnitKerja

from .conftest import panduan
from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def _drawn(page, canvas_id):
    """Chart.js has drawn the canvas (it sizes it and marks it); a locator wait, as the
    page's CSP refuses wait_for_function's evaluated string."""
    page.locator(f"#{canvas_id}[style*='height']").wait_for()


def test_dashboards_and_an_export(browser, live_server, demo, celery_worker, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    page = _session(browser, live_server, demo["pegawai"])
    page.goto(f"{live_server.url}/")  # BKD's welcome waits on the home page until read
    assert "Selamat datang di e-kinerja" in page.locator("#pengumuman").inner_text()
    page.screenshot(path=str(SHOTS / "pengumuman-beranda.png"), full_page=True)
    page.get_by_role("button", name="Tandai sudah dibaca").click()
    page.wait_for_selector(".alert-success")
    assert page.locator("#pengumuman").count() == 0
    page.goto(f"{live_server.url}/dasbor/")
    _drawn(page, "chart-bulan")
    assert page.locator("#jp-dasbor").inner_text().endswith("JP")
    page.screenshot(path=str(SHOTS / "dasbor-pegawai.png"), full_page=True)
    page.context.close()

    boss = _session(browser, live_server, demo["atasan"], width=1200)
    boss.goto(f"{live_server.url}/dasbor/")
    _drawn(boss, "chart-distribusi")
    assert boss.locator("#backlog tbody tr").count() >= 1
    boss.screenshot(path=str(SHOTS / "dasbor-atasan.png"), full_page=True)
    boss.locator("#ke-pantau").click()  # the head of a unit monitors it
    boss.wait_for_selector("#orang")
    assert Pegawai.objects.get(nip=demo["atasan"]).nama in boss.locator("#orang").inner_text()
    boss.screenshot(path=str(SHOTS / "pantau-kepala.png"), full_page=True)
    boss.context.close()

    bkd = _session(browser, live_server, demo["admin_bkd"], width=1200)
    bkd.goto(f"{live_server.url}/kelola/impor/")  # the guide's screen of the import
    panduan(bkd, "impor")
    bkd.goto(f"{live_server.url}/ekspor/")
    opd = UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS).order_by("path").first()
    bkd.locator("select[name=jenis]").select_option("kepatuhan_jp")
    bkd.locator("select[name=unit]").select_option(str(opd.pk))
    bkd.locator("input[name=tahun]").fill(str(timezone.localdate().year))
    bkd.get_by_role("button", name="Ekspor").click()
    bkd.wait_for_selector("#ekspor-unduh", timeout=30_000)  # the page polls the worker
    bkd.screenshot(path=str(SHOTS / "ekspor-bkd.png"), full_page=True)
    with bkd.expect_download() as download:
        bkd.locator("#ekspor-unduh").click()
    target = tmp_path / "kepatuhan.xlsx"
    download.value.save_as(target)
    rows = list(load_workbook(target, read_only=True).worksheets[0].iter_rows(
        values_only=True))
    assert rows[0][:2] == ("NIP", "Nama") and len(rows) > 1

    # The BKD overview: every OPD from the precomputed figures, then one OPD drilled into.
    bkd.get_by_role("button", name="Pemantauan").click()  # the menu
    bkd.get_by_role("link", name="Kinerja unit").click()
    _drawn(bkd, "chart-predikat")
    _drawn(bkd, "chart-kelengkapan")
    opds = bkd.locator("#unit-anak tbody tr")
    assert opds.count() == UnitKerja.objects.filter(parent__parent__isnull=True,
                                                    parent__isnull=False).count()
    bkd.screenshot(path=str(SHOTS / "pantau-bkd.png"), full_page=True)
    name = opds.first.locator("a").inner_text()
    opds.first.locator("a").click()
    bkd.wait_for_selector("#jejak")
    assert name in bkd.locator("h1").inner_text()
    _drawn(bkd, "chart-kelengkapan")
    bkd.screenshot(path=str(SHOTS / "pantau-opd.png"), full_page=True)

    # Adoption: the weekly trend, then a reminder to those who never logged in.
    bkd.get_by_role("button", name="Pemantauan").click()
    bkd.get_by_role("link", name="Adopsi").click()
    _drawn(bkd, "chart-adopsi")
    bkd.locator("select[name=alasan]").select_option("belum_login")
    bkd.get_by_role("button", name="Tampilkan").click()
    waiting = bkd.locator("#jangkau tbody tr").count()
    assert waiting >= 1
    bkd.screenshot(path=str(SHOTS / "adopsi-bkd.png"), full_page=True)
    bkd.locator("#form-ingatkan button").click()
    assert "orang diingatkan" in bkd.locator(".alert-success").inner_text()
    bkd.context.close()
