"""On a phone (390 x 844): a refused save on the day page shows what is wrong at the top of
the reloaded page and takes the person to the field in error."""

from playwright.sync_api import expect

from ..factories import PASSWORD
from ..kinerja.conftest import (  # noqa: F401
    approve,
    indikator,
    sasaran,
    skp_atasan,
    skp_kepala,
    skp_pegawai,
    tahun,
)
from .test_login_journey import log_in


def test_a_refused_save_is_shown_at_the_top_and_focuses_the_field(page, live_server,
                                                                 skp_pegawai, pegawai):  # noqa: F811
    approve(skp_pegawai)
    log_in(page, live_server, pegawai.nip, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/aktivitas/")
    page.get_by_label("Mulai").fill("10:00")
    page.get_by_label("Selesai").fill("09:00")
    page.get_by_label("Uraian aktivitas").fill("Rapat koordinasi")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    alert = page.locator("#ada-galat")
    alert.wait_for(state="attached")
    assert "Belum tersimpan" in alert.inner_text()  # first thing in the page
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "ada-galat"
    # The person is taken to the field: the browser applies `autofocus` once the page has
    # loaded, which the alert (near its top) can beat. (Not wait_for_function: its string
    # is eval'd again on each poll, which our CSP refuses; expect() retries without eval.)
    expect(page.locator("[name=selesai]")).to_be_focused()
    for selector in ("[name=selesai]", "#id_selesai ~ .invalid-feedback, "  # to the field
                     "[name=selesai] + .invalid-feedback"):
        box = page.locator(selector).first.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, (selector, box)
    page.evaluate("window.scrollTo(0, 0)")
    alert.get_by_role("link").click()  # and the alert links there
    assert page.url.endswith("#id_selesai")


def test_deleting_asks_first(page, live_server, skp_pegawai, pegawai):  # noqa: F811
    import datetime as dt

    from django.utils import timezone

    from kinerja import services
    from kinerja.models import Aktivitas

    approve(skp_pegawai)
    iki = skp_pegawai.rhk.first().iki.first()
    a = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=timezone.localdate(), mulai=dt.time(8), selesai=dt.time(9),
        uraian="Mengarsipkan surat", kategori="iki", iki=iki), actor=pegawai)
    log_in(page, live_server, pegawai.nip, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/aktivitas/")
    card = page.locator("#linimasa li", has_text="Mengarsipkan surat")
    card.locator("summary").click()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    card.get_by_role("button", name="Hapus").click()
    page.wait_for_timeout(300)
    assert asked and "tidak dapat dibatalkan" in asked[0]
    assert Aktivitas.objects.filter(pk=a.pk).exists()  # declined: nothing deleted
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Hapus").click()
    page.wait_for_selector(".alert-success")
    assert not Aktivitas.objects.filter(pk=a.pk).exists()
