"""How long the reader takes on hostile text, and how that time grows when the text doubles.

usage: .venv/bin/python bench/hostile_text.py

Long runs of one short pattern ("R-R-R-...", "(1(1...", "Jan 2019 - Jan 2019 - ...") are where a backtracking
regular expression or a loop that rescans the whole text per match turns linear work into quadratic work. Each
text is read at its full length and at half of it, the best of three runs each; printed: seconds at both lengths
and the growth factor (about 2 for linear work, about 4 for quadratic). A growth factor above 3 is a regression.
"""
from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screening.nlp import extract  # noqa: E402

TODAY = datetime.date(2026, 1, 1)
PATTERNS = (
    ("SKILLS EXPERIENCE ", 6000), ("R-", 50000), ("(1", 50000), ("Jan 2019 - ", 9000), ("a@", 50000),
    ("CNN GBM ", 12500),  # modelling acronyms, each checked for modelling words on its line
)


def best_of(text: str, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        extract(text, today=TODAY)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    extract("warm up", today=TODAY)
    print(f"{'pattern':<22} {'chars':>8} {'half s':>8} {'full s':>8} {'growth':>7}")
    worst = 0.0
    for unit, count in PATTERNS:
        half, full = best_of(unit * (count // 2)), best_of(unit * count)
        growth = full / half if half else 0.0
        worst = max(worst, growth)
        print(f"{unit!r:<22} {len(unit) * count:>8} {half:>8.3f} {full:>8.3f} {growth:>7.2f}")
    print(f"worst growth when the text doubles: {worst:.2f} (linear ~2, quadratic ~4)")
    return 0 if worst <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
