"""``chronicle``: the command-line face of the plugin.

    chronicle check   [--content DIR]           validate content/, print path:line:col problems
    chronicle extract [SEED ...] [--content DIR] [--seeds DIR] [--all]
                                                turn seeds into draft YAML entries

Exit status: 0 when all is well, 1 when content or a seed has problems,
2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _check(args) -> int:
    from chronicle.content.evidence import evidence_warnings
    from chronicle.content.load import load_content

    content_dir = Path(args.content)
    if not content_dir.is_dir():
        print(f"{content_dir}: no such content directory; pass --content DIR", file=sys.stderr)
        return 1
    content, problems = load_content(content_dir)
    warnings = evidence_warnings(content)
    for problem in sorted(problems + warnings):
        print(problem, file=sys.stderr)
    if problems:
        print(f"{_count(len(problems), 'problem')}{' and ' + _count(len(warnings), 'warning') if warnings else ''} "
              f"in {content_dir}; fix them and run `{again_command()}` again", file=sys.stderr)
        return 1
    if warnings:
        print(f"{_count(len(warnings), 'warning')} in {content_dir} (the site builds; "
              f"run `{again_command()}` again after fixing them)", file=sys.stderr)
    print(f"{content_dir}: OK ({len(content.incidents)} incidents, {len(content.actors)} actors, "
          f"{len(content.places)} places)")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def again_command() -> str:
    """The command that ran this, as the user can type it again.

    ``make check`` says so in CHRONICLE_COMMAND; otherwise the command line, with the program as
    found on PATH (``chronicle``) or as it was given (``.venv/bin/chronicle``, ``python -m chronicle.cli``).
    """
    import shlex

    from chronicle.core.settings import command_given
    import shutil

    given = command_given()
    if given:
        return given
    program = sys.argv[0] if sys.argv and sys.argv[0] else "chronicle"
    if program.endswith((".py", "__main__.py")) or program == "-m":
        head = [Path(sys.executable).name, "-m", "chronicle.cli"]
    else:
        on_path = shutil.which(Path(program).name)
        same = on_path is not None and Path(on_path).resolve() == Path(program).resolve()
        head = [Path(program).name if same else program]
    return shlex.join(head + sys.argv[1:])


def _extract(args) -> int:
    from chronicle.engine.extract_pool import ForkedRunner
    from chronicle.ingest.pipeline import extract_seeds, report_lines
    from chronicle.extract.seed import list_seeds

    content_dir = Path(args.content)
    if args.seeds_files:
        seeds = [Path(s) for s in args.seeds_files]
    else:
        seeds = list_seeds(Path(args.seeds))
    report = extract_seeds(seeds, content_dir, only_new=not args.all, runner=ForkedRunner(args.jobs))
    for line in report_lines(report):
        print(line, file=sys.stderr if line.startswith(("error", "warning")) or ": error" in line else sys.stdout)
    return 1 if report.errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chronicle", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content/ and print every problem")
    check.add_argument("--content", default="content", help="content directory (default: content)")
    check.set_defaults(run=_check)
    extract = sub.add_parser("extract", help="extract seed articles into draft YAML entries")
    extract.add_argument("seeds_files", nargs="*", metavar="SEED",
                         help="seed files (default: every seed in --seeds not yet extracted)")
    extract.add_argument("--content", default="content", help="content directory (default: content)")
    extract.add_argument("--seeds", default="seeds", help="seed directory (default: seeds)")
    extract.add_argument("--all", action="store_true",
                         help="extract again even seeds that are unchanged since the last run")
    extract.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="processes to extract with (default: one per CPU when there are many seeds); "
                              "the result is the same for any N")
    extract.set_defaults(run=_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
