"""Debian programs the tests run for real (syncthing, chromium), installed when missing.

`.ci/run` installs them; so that the README's one test command also works on a
fresh Debian machine, a missing one is installed here the same way when this
user may (root, apt-get present). Anywhere else the test says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess


def debian_program(program: str, *packages: str) -> str:
    """The path of `program`, installing `packages` (default: the program's own) with
    apt-get when it is missing and this user may."""
    wanted = packages or (program,)
    found = shutil.which(program)
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["update", "-qq"], ["install", "-y", "-qq", *wanted]):
            subprocess.run(["apt-get", *command], env=env, capture_output=True, timeout=900)
        found = shutil.which(program)
    if found is None:
        raise RuntimeError(f"{program} is not installed: apt-get install -y {' '.join(wanted)}")
    return found
