"""Mark the golden cases the engine fails today as strict xfail (and unmark the ones it now passes).

    python scripts/mark_known_failures.py

Writes an `xfail: "..."` line under each failing case's id in tests/cases/*.yaml, giving the checks
it fails, and removes the line from cases that pass. Strict xfail means a fix shows up as XPASS and
fails the run until this script is run again: known failures stay visible and never hide a regression.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("test_cases", ROOT / "tests" / "test_cases.py")
tc = importlib.util.module_from_spec(spec)
sys.modules["test_cases"] = tc
spec.loader.exec_module(tc)

from eventwire.pipeline import extract  # noqa: E402


def main() -> None:
    failing: dict[str, str] = {}
    for case in tc.CASES:
        out = extract(case["text"], published=case["published"]).to_dict()
        problems = tc.check_case(case, out)
        if problems:
            short = "; ".join(p.split(" (closest event fails: ")[-1].rstrip(")") if "closest" in p else p[:80]
                              for p in problems)
            failing[case["id"]] = short.replace('"', "'")[:160]
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        lines = path.read_text().splitlines(keepends=True)
        out, current = [], None
        for line in lines:
            m = re.match(r"- id: (\S+)", line)
            if m:
                current = m.group(1)
                out.append(line)
                if current in failing:
                    out.append(f'  xfail: "known failure: {failing[current]}"\n')
                continue
            if re.match(r"\s+xfail:", line):
                continue
            out.append(line)
        path.write_text("".join(out))
    print(f"{len(failing)} of {len(tc.CASES)} cases marked as known failures")


if __name__ == "__main__":
    main()
