"""`thongthin startmodule` writes a module that installs, checks and passes its own tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def _run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_the_skeleton_installs_checks_and_passes_its_tests(tmp_path):
    package = tmp_path / "extra"
    package.mkdir()
    (package / "__init__.py").write_text("")
    call_command(
        "startmodule", "notices", directory=str(package / "notices"), package="extra.notices"
    )
    layout = {
        p.relative_to(package / "notices").as_posix() for p in (package / "notices").rglob("*")
    }
    for required in ("module.py", "apps.py", "models.py", "services/__init__.py", "selectors.py",
                     "api/__init__.py", "api/schemas.py", "views/__init__.py", "urls.py", "demo.py",
                     "templates/notices/staff/items.html", "tests/test_notices.py"):  # fmt: skip
        assert required in layout
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "THONGTHIN_EXTRA_APPS": "extra.notices",
        "THONGTHIN_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "thongthin.config.settings",
    }
    env.pop("DATABASE_URL", None)
    thongthin = [sys.executable, "-m", "thongthin.cli"]
    made = _run([*thongthin, "makemigrations", "notices"], env, tmp_path)
    assert made.returncode == 0, made.stderr
    checked = _run([*thongthin, "check"], env, tmp_path)
    assert checked.returncode == 0, checked.stderr
    tested = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
         str(tmp_path), str(package / "notices")],
        env,
        tmp_path,
    )  # fmt: skip
    assert tested.returncode == 0, tested.stdout[-3000:]
    assert "5 passed" in tested.stdout


def test_startmodule_refuses_a_bad_name_or_an_existing_folder(tmp_path):
    with pytest.raises(CommandError):
        call_command("startmodule", "Not-A-Name", directory=str(tmp_path / "x"))
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.py").write_text("")
    with pytest.raises(CommandError):
        call_command("startmodule", "taken", directory=str(tmp_path / "taken"))
