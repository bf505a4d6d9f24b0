"""One report export in a fresh process, for figure (h): ``python bench/_child_report.py MODE DATA OUT``.

MODE ``project``: ``services.reports.export_workbook(... profile="detail")`` for the whole period.
MODE ``floor``: the same detail rows (read beforehand, untimed) appended to an openpyxl write-only
workbook and saved: the same cells, nothing else. Prints ``BENCH-RESULT {json}`` with the seconds
and the process's peak resident memory (MiB).
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def peak_mib() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec
    from the parent that started us, which would count the benchmark's own data."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    mode, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    from hcc_desktop.app import open_services
    from hcc_desktop.services.reports import Period

    period = Period(date(2026, 11, 1), date(2027, 12, 31))
    with open_services(data) as services:
        sup = services.auth.authenticate("bench", "bench-password")
        if mode == "project":
            before = peak_mib()
            start = time.perf_counter()
            result = services.reports.export_workbook(sup, period, out, profile="detail")
            seconds = time.perf_counter() - start
            rows = result.rows
        else:
            from openpyxl import Workbook

            from hcc_desktop.documents.report_xlsx import DetailSheet

            with services.db.read_core() as conn:
                sheets = services.reports._details(conn, {"start": period.start, "end": period.end}, False)
                cells = [(s.title, [tuple(c.header for c in s.columns)], list(s.rows)) for s in sheets]
            del DetailSheet
            before = peak_mib()
            start = time.perf_counter()
            wb = Workbook(write_only=True)
            for title, header, values in cells:
                ws = wb.create_sheet(title)
                for row in header + values:
                    ws.append(row)
            wb.save(out)
            seconds = time.perf_counter() - start
            rows = {title: len(values) for title, _h, values in cells}
    print("BENCH-RESULT " + json.dumps({"seconds": seconds, "peak_mib": peak_mib(), "before_mib": before,
                                        "rows": rows}), flush=True)


if __name__ == "__main__":
    main()
