"""Property-based testing of the API with Schemathesis against a running `tiltak serve`.

Every check Schemathesis has (status-code conformance, response schemas, negative data rejected, positive data
accepted, content types, headers, 5xx, …) in all its phases (examples, coverage, fuzzing, stateful), as the
coordinator, as a reporter and without a token, on the database the suite runs on (SQLite, then PostgreSQL in
`make test`). Bounded in time: --max-time per identity. The one configured allowance is in schemathesis.toml.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.server import database_kind

CONFIG = Path(__file__).with_name("schemathesis.toml")
SECONDS_PER_IDENTITY = 30
IDENTITIES = {"coordinator": "koordinator", "reporter": "jd-rapportor", "no token": None}
SEEDS = {"coordinator": 1, "reporter": 2, "no token": 3}  # fixed, so a failure can be replayed


@pytest.mark.parametrize("identity", list(IDENTITIES))
def test_the_api_keeps_its_description(served, identity, tmp_path):
    user = IDENTITIES[identity]
    command = [str(Path(sys.executable).with_name("st")), "--config-file", str(CONFIG), "run",
               f"{served['base']}/api/v1/openapi.json", "--checks", "all", "--max-time", str(SECONDS_PER_IDENTITY),
               "--request-timeout", "30", "--seed", str(SEEDS[identity]), "--no-color"]
    if user:
        command += ["--header", f"Authorization: Bearer {served['tokens'][user]}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS_PER_IDENTITY * 4 + 120,
                            check=False)
    output = result.stdout + result.stderr
    (tmp_path / "schemathesis.log").write_text(output)
    generated = re.search(r"(\d+) generated, (\d+) passed", output)
    assert result.returncode == 0 and generated, output[-6000:]
    assert generated.group(1) == generated.group(2) and int(generated.group(1)) >= 50, output[-3000:]
    print(f"schemathesis {database_kind()} {identity}: {generated.group(1)} cases, 0 failures")
    assert "500" not in re.findall(r"\[(\d{3})\]", output)
