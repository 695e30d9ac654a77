"""make profile: where the time of a cold Chronicle build goes, by a sampling profiler.

Generates the same kind of site ``make bench`` builds (tests/support/sitegen.py ``realistic_data``),
then builds it once under pyinstrument, in one process (CHRONICLE_JOBS=1) so that the
profile holds all the work rather than the parent's share of it. Prints the call tree
and writes an HTML version next to the site, whose path it prints.

    make profile            # 5,000 incidents
    make profile SIZE=1000
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests")]

from support import sitegen  # noqa: E402


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv and argv[0] else 5000
    work = Path(tempfile.mkdtemp(prefix="chronicle-profile-"))
    sitegen.write_content(work / "content", sitegen.realistic_data(size))
    conf = sitegen.write_conf(work, recent=100)
    os.environ["CHRONICLE_JOBS"] = "1"
    os.chdir(work)
    import pelican

    profiler = Profiler(interval=0.002)
    profiler.start()
    try:
        pelican.main(["content", "-o", "output", "-s", str(conf), "--fatal", "errors"])
    except SystemExit as stop:
        if stop.code not in (0, None):
            print(f"the build failed with status {stop.code}", file=sys.stderr)
            return 1
    finally:
        profiler.stop()
    report = work / "profile.html"
    report.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False))
    shutil.rmtree(work / "output", ignore_errors=True)
    print(f"{size} incidents, one process; the interactive profile is in {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
