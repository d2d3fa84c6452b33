"""Fail when an output the demo promises is missing or empty (used by .ci/run)."""

import sys
from pathlib import Path

out = Path(sys.argv[1])
expected = [line.strip() for line in Path(__file__).with_name("expected-demo-outputs.txt").read_text().splitlines()]
expected = [line for line in expected if line and not line.startswith("#")]
missing = [name for name in expected if not (out / name).is_file() or (out / name).stat().st_size == 0]
if missing:
    print("Missing demo outputs:", ", ".join(missing))
    sys.exit(1)
print(f"{len(expected)} demo outputs present")
