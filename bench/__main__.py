"""``python -m bench [--quick] [--only GROUP] [--json FILE]`` — see bench/README.md."""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench import Figure, machine

GROUPS = ("startup", "save", "issue", "choose", "search", "forms", "visit", "printing", "backup", "report",
          "import", "powercut")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=(
        "HCC Desktop benchmarks: each figure against a floor measured in the same run."))
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions (3 start-ups, 90 saves, 90 issues, 450 chooses): "
                             "a smoke check, noisier")
    parser.add_argument("--only", choices=GROUPS, help="run one group of figures (--quick leaves out search, "
                                                       "which builds 1,000,000 people, and powercut, 200 kill "
                                                       "points; ask for them with --only)")
    parser.add_argument("--repeats", type=int, help="start-up repetitions per child (default 7; --quick 3)")
    parser.add_argument("--calls", type=int, help="saves timed per side (default 300; --quick 90)")
    parser.add_argument("--issues", type=int, help="tickets issued per side (default 240; --quick 90)")
    parser.add_argument("--chooses", type=int, help="choose() calls per side (default 1500; --quick 450)")
    parser.add_argument("--tmp", metavar="DIR",
                        help="folder for the save, issue and choose benchmarks' files (default: the system "
                             "temp folder); "
                             "pick one on the disk the data folder lives on")
    parser.add_argument("--json", metavar="FILE", help="also write the figures and raw samples here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every repetition")
    return parser


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 10 else f"{value:.0f} ms"
    return f"{value:.3g} {unit}"


def print_figures(figures: list[Figure]) -> None:
    head = f"{'figure':40} {'project':>11} {'floor':>11} {'ratio':>7} {'target':>7}  result"
    print(head)
    print("-" * len(head))
    for f in figures:
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}×"
        target = "-" if f.target is None else f"≤ {f.target:g}×"
        print(f"{f.name:40} {_fmt(f.project, f.unit):>11} {_fmt(f.floor, f.unit):>11} {ratio:>7} "
              f"{target:>7}  {f.verdict}")
        if f.error:
            print(f"    error: {f.error}")
        if f.note:
            print(f"    {f.note}")
        for step, ms in f.details.items():
            print(f"      {step:48} {ms:8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 7)
    calls = args.calls or (90 if args.quick else 300)
    issues = args.issues or (90 if args.quick else 240)
    chooses = args.chooses or (450 if args.quick else 1500)
    info = machine()
    print("HCC Desktop benchmarks — " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    raw: dict = {}
    progress = (lambda text: print("  " + text, flush=True)) if args.verbose else None

    if args.only in (None, "startup"):
        from bench import startup

        print(f"(a) start-up: {repeats} fresh processes each (+1 warm-up), QT_QPA_PLATFORM=offscreen …", flush=True)
        try:
            found, raw["startup"] = startup.measure(repeats, progress=progress)
            figures += found
        except Exception as exc:  # noqa: BLE001 — report and go on with the other figures
            for name, target in ((startup.NAME_SHOWN, startup.TARGET_SHOWN),
                                 (startup.NAME_READY, startup.TARGET_READY)):
                figures.append(Figure(name, None, None, target, error=f"{type(exc).__name__}: {exc}"))

    def group(key: str, title: str, run) -> None:
        """Run one group of figures; a failure becomes an ERROR line and the other groups go on."""
        import importlib

        module = importlib.import_module(f"bench.{key}")
        print(title, flush=True)
        try:
            found, raw[key] = run(module)
            figures.extend(found)
        except Exception as exc:  # noqa: BLE001
            figures.append(Figure(module.NAME, None, None, module.TARGET, error=f"{type(exc).__name__}: {exc}"))

    if args.only in (None, "save"):
        group("save", f"(b) durable save: {calls} calls each side …",
              lambda m: m.measure(calls, tmp_root=args.tmp))
    if args.only in (None, "issue"):
        group("issue", f"(c) issue ticket: {issues} calls each side, into a day with a queue waiting …",
              lambda m: m.measure(issues, tmp_root=args.tmp))
    if args.only in (None, "choose"):
        group("choose", f"(d) choose next: set-up of a long queue (verified against the full rule), "
              f"then {chooses} calls each side …", lambda m: m.measure(chooses, tmp_root=args.tmp))
    if args.only == "search" or (args.only is None and not args.quick):
        group("search", "(e) citizen search: 1,000,000 synthetic people …",
              lambda m: m.measure(tmp_root=args.tmp, people=m.PEOPLE))
    if args.only in (None, "forms"):
        group("forms", "(f) appointment slip vs a one-line page …",
              lambda m: m.measure(calls=60 if args.quick else 300))
    if args.only in (None, "visit"):
        group("visit", "(g) visit with its dossier …",
              lambda m: m.measure(60 if args.quick else 240, tmp_root=args.tmp))

    if args.only in (None, "printing"):
        group("printing", "(h) daily log of 300 visits vs reportlab's plain table; guide vs a one-line page; "
              "peak memory in a child …", lambda m: m.measure(6 if args.quick else 12, 40 if args.quick else 120))

    if args.only in (None, "backup"):
        visits = 100_000 if args.quick else 1_000_000
        group("backup", f"(i) backup of {visits:,} visits vs shutil.copyfile + fsync …",
              lambda m: m.measure(visits, tmp_root=args.tmp))
    if args.only in (None, "report"):
        group("report", "(k) report workbook: synthetic visits, fresh child processes …",
              lambda m: m.measure(20_000 if args.quick else 100_000, 1 if args.quick else 2, tmp_root=args.tmp,
                                  small=5_000 if args.quick else 20_000))
    if args.only in (None, "import"):
        import importlib

        module = importlib.import_module("bench.exchange")
        module_key = "import"
        print("(l) import a data package into another data folder …", flush=True)
        try:
            found, raw[module_key] = module.measure(20_000 if args.quick else 100_000, 1 if args.quick else 3,
                                                    tmp_root=args.tmp)
            figures.extend(found)
        except Exception as exc:  # noqa: BLE001
            figures.append(Figure(module.NAME, None, None, module.TARGET, error=f"{type(exc).__name__}: {exc}"))
    if args.only == "powercut" or (args.only is None and not args.quick):
        group("powercut", "(j) power cuts: 100 kill points in each of the two kill harnesses (minutes) …",
              lambda m: m.measure(100))

    print()
    print_figures(figures)
    verdicts = [f.verdict for f in figures]
    print()
    print(f"{verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL, {verdicts.count('ERROR')} ERROR "
          f"— in {time.perf_counter() - started:.0f} s. Only the ratios compare across runs and machines.")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"machine": info,
                       "figures": [{"name": f.name, "project": f.project, "floor": f.floor, "unit": f.unit,
                                    "ratio": f.ratio, "target": f.target, "result": f.verdict,
                                    "note": f.note, "error": f.error, "details": f.details}
                                   for f in figures],
                       "raw": raw}, out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
