"""The Procfile's processes, started as a deployment starts them: used by the production
smoke test, the PostgreSQL restart drill and `manage.py bench_load`, so that what they run is
exactly what the README tells an operator to run (nothing here is used by the app itself).
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def procfile(path=ROOT / "Procfile"):
    """{name: command} of the Procfile."""
    entries = {}
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


class Proses:
    """One Procfile entry running in a session of its own (so it stops with its children),
    its output in `log`."""

    def __init__(self, name, env, log_dir, command=None):
        self.name = name
        self.log = Path(log_dir) / f"{name}.log"
        self.command = command or procfile()[name]
        self.env = env
        self.popen = None

    def start(self):
        handle = open(self.log, "ab")  # noqa: SIM115 - kept open for the process's life
        self.popen = subprocess.Popen(["bash", "-c", f"exec {self.command}"], cwd=ROOT,
                                      env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        handle.close()
        return self

    def run(self, timeout=600):
        """Run to completion (the release step); raises with the output on failure."""
        result = subprocess.run(["bash", "-c", self.command], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{self.name} failed:\n{result.stdout[-3000:]}"
                               f"{result.stderr[-3000:]}")
        return result.stdout

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if not self.alive():
                break
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not print {text!r}:\n{self.output()[-3000:]}")

    def stop(self, timeout=15):
        if not self.alive():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def wait_for_http(url, *, timeout=60, headers=None, status=200):
    """Until `url` answers `status` (any other answer or a refused connection: wait)."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == status:
                    return
                last = response.status
        except urllib.error.HTTPError as exc:
            last = exc.code
        except OSError as exc:
            last = exc
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer {status} in {timeout} s (last: {last})")
