"""Print the mutation score of the last ``mutmut run`` (``make mutation`` calls this).

Reads ``mutants/mutmut-cicd-stats.json`` (written by ``mutmut export-cicd-stats``) and
prints killed / (all mutants that ran), the survivors' names, and exits non-zero when the
score is below ``GOAL``. Timeouts are counted as not killed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOAL = 95.0


def main() -> int:
    bin_dir = Path(sys.executable).parent
    subprocess.run([bin_dir / "mutmut", "export-cicd-stats"], check=True)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text("utf-8"))
    ran = stats["total"] - stats["skipped"]
    score = 100 * stats["killed"] / ran if ran else 0.0
    print(
        f"mutants: {stats['total']}, killed {stats['killed']}, survived {stats['survived']}, "
        f"timeout {stats['timeout']}, no tests {stats['no_tests']}, "
        f"suspicious {stats['suspicious']}, skipped {stats['skipped']}"
    )
    print(f"mutation score: {score:.1f}% killed (goal: {GOAL:.0f}%)")
    subprocess.run([bin_dir / "mutmut", "results"], check=False)
    return 0 if score >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
