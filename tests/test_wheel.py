"""A wheel built from the project runs outside the checkout, with every text it needs.

The texts live at the repository root (locales/) and ship inside the package as bot/locales;
a package missing from pyproject.toml's explicit list would leave its code out of the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "bot", "scheduler", "locales")


def _local_backend() -> bool:
    """Whether this interpreter builds wheels offline (setuptools 70.1+ has bdist_wheel)."""
    try:
        major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return False
    if (major, minor) >= (70, 1):
        return True
    try:
        version("wheel")
    except PackageNotFoundError:
        return False
    return True


def build_wheel(tmp_path: Path) -> Path:
    # A copy: an in-place build writes build/ and egg-info into the checkout.
    source = tmp_path / "src"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels)]
    isolation = ["--no-build-isolation"] if _local_backend() else []
    result = subprocess.run(
        [*pip, *isolation, str(source)], capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        if isolation:
            pytest.fail(f"pip wheel failed:\n{result.stderr}")
        pytest.skip(
            "cannot build a wheel: no local build backend (setuptools>=70.1) and the isolated "
            f"build could not fetch one: {result.stderr.strip().splitlines()[-1:]}"
        )
    [wheel] = wheels.glob("vafa-*.whl")
    return wheel


def test_the_wheel_ships_every_text_and_module_and_runs_outside_the_checkout(
    tmp_path: Path,
) -> None:
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    texts = {f"bot/locales/{p.relative_to(ROOT / 'locales')}" for p in ROOT.glob("locales/*/*.ftl")}
    assert {"bot/locales/fa/main.ftl", "bot/locales/en/main.ftl"} <= texts
    assert texts <= names, f"texts missing from the wheel: {sorted(texts - names)}"
    modules = {
        str(p.relative_to(ROOT))
        for package in ("bot", "scheduler")
        for p in (ROOT / package).rglob("*.py")
    }
    assert modules <= names, (
        f"add their packages to [tool.setuptools] packages: {sorted(modules - names)}"
    )

    site = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run([*install, "--target", str(site), str(wheel)], check=True, timeout=120)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The project's own interpreter has the dependencies; PYTHONPATH puts the installed wheel
    # ahead of the checkout's editable install, and the smoke checks that it did.
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(site), "HOME": str(elsewhere)}
    smoke = (
        "import bot, bot.i18n as i;"
        f"assert bot.__file__.startswith({str(site)!r}), bot.__file__;"
        f"assert str(i.LOCALES).startswith({str(site)!r}), i.LOCALES;"
        "fa = i.load_texts('fa', 'Asia/Tehran'); en = i.load_texts('en', 'Asia/Tehran');"
        "print(en('help')); print(fa('button-points'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", smoke], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Help for the customer club of our shop:")
    helped = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], cwd=elsewhere, env=env, capture_output=True
    )
    assert helped.returncode == 0, helped.stderr
    assert b"run,sandbox,migrate,health" in helped.stdout
