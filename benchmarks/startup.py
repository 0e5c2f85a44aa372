"""Start-up speed: mltutor's first interactive screen vs a bare Textual app showing Markdown.

Run: python benchmarks/startup.py [runs] [--content DIR]
Prints the median wall time of each (fresh interpreter, headless, measured in the same
run, interleaved), their ratio (target ≤ 1.25), the course load+validate time (target
≤ 150 ms), the time to take the course from its JSON cache instead (what start-up pays
once the course was read) and whether numpy, scikit-learn or torch were imported at start
(target: no).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout, installed or not

BARE = """
from textual.app import App
from textual.widgets import Markdown

class Bare(App):
    def compose(self):
        yield Markdown("# Hello\\n\\nA paragraph of *text* and a list:\\n\\n- one\\n- two")

async def ready(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=ready)
"""

TUTOR = """
import sys
from tutor.app import make_app

async def ready(pilot):
    await pilot.pause()
    heavy = [m for m in ("numpy", "sklearn", "torch") if m in sys.modules]
    pilot.app.exit(heavy)

app = make_app(home={home!r}, content={content!r})
app.run(headless=True, size=(80, 24), auto_pilot=ready)
print("HEAVY=" + ",".join(app.return_value or []))
"""


def timed(code: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return elapsed, result.stdout


def main() -> None:
    args = sys.argv[1:]
    content = None
    if "--content" in args:
        at = args.index("--content")
        content = str(Path(args[at + 1]).resolve())
        del args[at : at + 2]
    runs = int(args[0]) if args else 9
    home = tempfile.mkdtemp(prefix="mltutor-bench-")
    tutor_code = TUTOR.format(home=home, content=content)
    timed(BARE), timed(tutor_code)  # warm the file cache and .pyc files
    bare, tutor, heavy = [], [], set()
    for _ in range(runs):
        bare.append(timed(BARE)[0])
        seconds, out = timed(tutor_code)
        tutor.append(seconds)
        heavy.update(filter(None, out.split("HEAVY=")[-1].strip().split(",")))
    b, t = statistics.median(bare), statistics.median(tutor)

    from tutor.content.validate import validate_course
    from tutor.labs import load_all
    from tutor.paths import shipped_course_dir

    loads = []
    for _ in range(15):
        start = time.perf_counter()
        validate_course(Path(content) if content else shipped_course_dir(), load_all())
        loads.append(time.perf_counter() - start)
    load = statistics.median(loads)

    from tutor.learner import load_course

    cache = Path(tempfile.mkdtemp(prefix="mltutor-bench-cache-"))
    load_course(content, cache)
    cached = []
    for _ in range(15):
        start = time.perf_counter()
        load_course(content, cache)
        cached.append(time.perf_counter() - start)

    print(f"bare Textual + Markdown : {b * 1000:7.0f} ms (median of {runs})")
    print(f"mltutor roadmap         : {t * 1000:7.0f} ms")
    print(f"start-up ratio          : {t / b:7.2f}  (target <= 1.25)")
    print(
        f"course load + validate  : {load * 1000:7.1f} ms "
        f"(target <= 150 ms; ratio {load / 0.150:.2f})"
    )
    cached_ms = statistics.median(cached) * 1000
    print(f"course from its cache   : {cached_ms:7.1f} ms (what start-up pays instead)")
    print(f"heavy imports at start  : {', '.join(sorted(heavy)) or 'none'}")


if __name__ == "__main__":
    main()
