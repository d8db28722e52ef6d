"""Starting and stopping the test provider (tests/oidc_op), and logging in at it."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import time_machine
from django.utils import timezone

from ..produksi import free_port
from . import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def op_jalan(redirect_uris):
    """The provider, running on a free port of 127.0.0.1 with its clock at this process's
    (pinned) clock; yields its issuer, e.g. http://127.0.0.1:41234/o."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="oidc-op-") as folder:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.oidc_op.settings",
               "OP_DIR": folder, "PYTHONPATH": str(ROOT)}
        for name in ("DATABASE_URL", "REDIS_URL"):
            env.pop(name, None)
        args = [sys.executable, "-m", "django", "op_jalan", f"--port={port}",
                f"--saat={timezone.now().isoformat()}",
                f"--nyata={time_machine.escape_hatch.time.time()}"]
        args += [f"--redirect-uri={uri}" for uri in redirect_uris]
        log = open(Path(folder) / "op.log", "w+")  # closed below
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        issuer = f"http://127.0.0.1:{port}/o"
        try:
            _tunggu_siap(issuer, process, log)
            yield issuer
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def _tunggu_siap(issuer, process, log):
    # monotonic: time-machine leaves it alone.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the test OIDC provider stopped:\n{log.read()}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration",
                            timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    log.seek(0)
    raise RuntimeError(f"the test OIDC provider did not start:\n{log.read()}")


def op_masuk(authorize_url, nip, *, stop_at):
    """Log in at the provider as `nip`, starting from its authorize URL; returns the URL
    it sends the browser back to (the first redirect starting with `stop_at`)."""
    session = requests.Session()
    url = authorize_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
            login_url = url
            response = session.post(login_url, data={
                "csrfmiddlewaretoken": session.cookies["op_csrftoken"],
                "username": nip, "password": PASSWORD,
                "next": _query_value(login_url, "next"),
            }, headers={"Referer": login_url}, allow_redirects=False, timeout=10)
        assert response.status_code in (301, 302), (response.status_code, response.text[:500])
        url = urljoin(url, response.headers["Location"])
        if url.startswith(stop_at):
            return url
    raise AssertionError("the provider never sent the browser back")


def _query_value(url, name):
    from urllib.parse import parse_qs

    return parse_qs(urlsplit(url).query).get(name, [""])[0]
