"""Before anything is installed: the system libraries PDFs need, and fonts for every script.

`make install`, `make run` and `make test` run this first, with the system's Python
(standard library only, no Django):

    python3 -m jamsessions.system_check

WeasyPrint draws PDFs with Pango and HarfBuzz (and HarfBuzz-Subset, where the system has
it, to embed only the letters a PDF uses); a name in Arabic or Chinese needs a font for
its script, or it prints as empty boxes. What is missing is said in one message, with the
one command that installs it. Run as root on a system with apt-get (a container, CI), it
installs them itself. It exits with status 1 only when a library that no PDF can be made
without is still missing.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from jamsessions import fonts


@dataclass(frozen=True)
class Need:
    what: str  # said to people
    package: str  # the Debian package that provides it
    present: Callable[[], bool]
    required: bool = True


def _loads(soname: str) -> Callable[[], bool]:
    def present() -> bool:
        try:
            ctypes.CDLL(soname)
        except OSError:
            return False
        return True

    return present


def _font_for(script: fonts.Script) -> Callable[[], bool]:
    return lambda: fonts.font_covers(script.sample) is not False


NEEDS = (
    Need("Pango", "libpango-1.0-0", _loads("libpango-1.0.so.0")),
    Need("Pango's FreeType support", "libpangoft2-1.0-0", _loads("libpangoft2-1.0.so.0")),
    Need("HarfBuzz", "libharfbuzz0b", _loads("libharfbuzz.so.0")),
    Need("Fontconfig", "libfontconfig1", _loads("libfontconfig.so.1")),
    Need(
        "HarfBuzz-Subset (PDFs embed only the letters they use)",
        "libharfbuzz-subset0",
        _loads("libharfbuzz-subset.so.0"),
        required=False,
    ),
    *(
        Need(f"a font for {script.name} text", script.package, _font_for(script), required=False)
        for script in fonts.CHECKED_AT_INSTALL
    ),
)


def _dpkg_installed(package: str) -> bool:
    if not shutil.which("dpkg-query"):
        return False
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return status.stdout.strip().endswith(" installed")


def _apt_knows(package: str) -> bool:
    shown = subprocess.run(["apt-cache", "show", package], capture_output=True, check=False)
    return shown.returncode == 0


def _can_install() -> bool:
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def _install(packages: list[str]) -> list[str]:
    """Install what apt has of `packages`, as root; returns what it installed."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"Installing for PDFs: {' '.join(packages)}", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
    known = [package for package in packages if _apt_knows(package)]
    if known:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *known],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return known


def report(missing: list[Need]) -> str:
    """One plain message: what is missing, and the one command that installs it."""
    lines = ["", "  PDFs (agendas, reports) need these on this system, and they are missing:"]
    lines += [f"    - {need.what} ({need.package})" for need in missing]
    fixable = [need.package for need in missing if not _dpkg_installed(need.package)]
    if fixable:
        lines += [
            "  Install them with:",
            f"    sudo apt-get install -y {' '.join(dict.fromkeys(fixable))}",
        ]
    broken = [need.package for need in missing if need.package not in fixable]
    if broken:
        lines.append(
            f"  ({', '.join(broken)} is installed but cannot be used here: PDFs are still made.)"
        )
    if not any(need.required for need in missing):
        lines.append("  Everything else works; PDFs are made without them.")
    return "\n".join([*lines, ""])


def main(*, may_install: bool = True) -> int:
    if not sys.platform.startswith("linux"):
        return 0  # WeasyPrint explains itself elsewhere; these package names are Debian's
    missing = [need for need in NEEDS if not need.present()]
    installable = [need.package for need in missing if not _dpkg_installed(need.package)]
    if may_install and installable and _can_install():
        _install(list(dict.fromkeys(installable)))
        # Fonts and libraries are looked up again by a fresh process.
        return subprocess.run(
            [sys.executable, "-m", "jamsessions.system_check", "--no-install"], check=False
        ).returncode
    if missing:
        print(report(missing), file=sys.stderr, flush=True)
    return 1 if any(need.required for need in missing) else 0


if __name__ == "__main__":
    sys.exit(main(may_install="--no-install" not in sys.argv[1:]))
