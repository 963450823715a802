"""Running the `tiltak` console script as a person does: a real process, its own data folder, SQLite."""

import os
import subprocess
import sys


def tiltak(*args, data_dir, env=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    environment["TILTAK_DATA_DIR"] = str(data_dir)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "tiltak", *args], capture_output=True, text=True,
                          env=environment, timeout=180, check=False)
