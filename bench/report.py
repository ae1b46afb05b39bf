"""Ratios against the issue's targets, and the Markdown tables for docs/benchmarks.md."""

from __future__ import annotations

import statistics
from typing import Any

THROUGHPUT_TARGET = 0.5  # endpoint req/s / bare req/s, at least
SIGNED_IN_TARGET = 0.6  # the same, read by a signed-in member (issue 19)
SIGNED_IN = ", signed in"
SCALING_TARGET = 1.5  # p99 at the largest size / p99 at the smallest, at most
DEPTH_TARGET = 1.5  # p99 at page 500 / p99 at page 1, at most


def target(name: str) -> float:
    return SIGNED_IN_TARGET if name.endswith(SIGNED_IN) else THROUGHPUT_TARGET


def _mark(ok: bool) -> str:
    return "meets" if ok else "**MISSES**"


def _tick(ok: bool) -> str:
    return "✓" if ok else "✗"


def ceiling(endpoints: dict[str, Any]) -> float:
    """The bare app's req/s: the median of every bare measurement of the run (before and after the app).

    On a shared machine one bare figure can be off by several times; the median of all of
    them is a steadier yardstick.
    """
    runs = [
        run["requests_per_s"]
        for name, r in endpoints.items()
        if name.startswith("bare")
        for run in r.get("per_round", [r])
    ]
    return float(statistics.median(runs))


def ratios(reports: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"ceiling": {}, "throughput": {}, "scaling": {}, "depth": {}}
    for report in reports:
        eps = report["endpoints"]
        bare = ceiling(eps)
        size = str(report["size"])
        out["ceiling"][size] = bare
        out["throughput"][size] = {
            name: round(r["requests_per_s"] / bare, 3)
            for name, r in eps.items()
            if not name.startswith("bare")
        }
        out["depth"][size] = {
            name.removesuffix(" p1"): round(eps[name.replace(" p1", " p500")]["p99_ms"] / r["p99_ms"], 3)
            for name, r in eps.items()
            if name.endswith(" p1") and name.replace(" p1", " p500") in eps
        }
    if len(reports) >= 2:
        small, large = reports[0]["endpoints"], reports[-1]["endpoints"]
        out["scaling"] = {
            "sizes": [reports[0]["size"], reports[-1]["size"]],
            **{
                name: round(large[name]["p99_ms"] / small[name]["p99_ms"], 3)
                for name in large
                if name in small and not name.startswith("bare")
            },
        }
    return out


def _endpoint_table(report: dict[str, Any], computed: dict[str, Any]) -> list[str]:
    size = str(report["size"])
    lines = [
        f"#### {report['size']:,} questions"
        f" (tag filter: `{report['tag']}`, {report['tag_questions']:,} questions)",
        "",
        "| endpoint | page | req/s | p50 ms | p99 ms | ÷ bare | non-2xx | load | request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in report["endpoints"].items():
        ratio = computed["throughput"][size].get(name)
        shown = "—" if ratio is None else f"{ratio:.2f} {_tick(ratio >= target(name))}"
        page = r.get("page") or ""
        note = f" ({r['note']})" if r.get("note") else ""
        lines.append(
            f"| {name} | {page} | {r['requests_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{shown} | {r['non_2xx']} | {r['load_1m_after']:.1f} | `{r['path']}`{note} |"
        )
    return [*lines, ""]


def summary_markdown(reports: list[dict[str, Any]], computed: dict[str, Any], command: str) -> str:
    env = reports[0]["environment"]
    lines = [
        f"Command: `{command}`",
        "",
        f"Figures are medians over {reports[0].get('rounds', 1)} round(s);"
        " each round runs every size in turn.",
        "",
        f"Machine: {env['nproc']} cores ({env['cpu']}), Python {env['python']}, SQLite {env['sqlite']}, "
        f"gunicorn {env['gunicorn']} (`{env['gunicorn_command']}`), {env['wrk']} `{env['wrk_settings']}`.",
        "",
    ]
    for report in reports:
        lines += _endpoint_table(report, computed)
        bare_runs = [
            f"{run['requests_per_s']:.0f}"
            for name, r in report["endpoints"].items()
            if name.startswith("bare")
            for run in r.get("per_round", [r])
        ]
        used = computed["ceiling"][str(report["size"])]
        lines += [
            f"Ceiling used for ÷ bare at {report['size']:,}: {used:.0f} req/s,"
            f" the median of every bare measurement ({', '.join(bare_runs)} req/s).",
            "",
        ]

    lines += [f"#### Throughput ÷ bare (target >= {THROUGHPUT_TARGET}; signed in >= {SIGNED_IN_TARGET})", ""]
    sizes = [str(r["size"]) for r in reports]
    names = [n for n in reports[0]["endpoints"] if not n.startswith("bare")]
    lines += ["| endpoint | " + " | ".join(f"{s}" for s in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for name in names:
        cells = []
        for s in sizes:
            value = computed["throughput"][s].get(name)
            if value is None:
                cells.append("—")
            else:
                cells.append(f"{value:.2f} {_mark(value >= target(name))}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")

    twins = [name for name in names if name.endswith(SIGNED_IN) and name.removesuffix(SIGNED_IN) in names]
    if twins:
        lines += ["#### Signed in, side by side with signed out (÷ bare)", "",
                  "| request | size | signed out | signed in | signed in ÷ signed out |",
                  "|---|---:|---:|---:|---:|"]  # fmt: skip
        for name in twins:
            for s in sizes:
                out, signed = (computed["throughput"][s].get(n) for n in (name.removesuffix(SIGNED_IN), name))
                if out is not None and signed is not None:
                    verdict = _tick(signed >= SIGNED_IN_TARGET)
                    figures = f"{out:.2f} | {signed:.2f} {verdict} | {signed / out:.2f}"
                    lines.append(f"| {name.removesuffix(SIGNED_IN)} | {int(s):,} | {figures} |")
        lines.append("")

    if computed["scaling"]:
        small, large = computed["scaling"]["sizes"]
        lines += [f"#### p99 at {large:,} ÷ p99 at {small:,} (target <= 1.5)", "",
                  "| endpoint | ratio |", "|---|---:|"]  # fmt: skip
        for name, value in computed["scaling"].items():
            if name != "sizes":
                lines.append(f"| {name} | {value:.2f} {_mark(value <= SCALING_TARGET)} |")
        lines.append("")

    lines += ["#### p99 at the deep page ÷ p99 at page 1 (target <= 1.5)", "",
              "| list | " + " | ".join(sizes) + " |", "|---|" + "---:|" * len(sizes)]  # fmt: skip
    for name in computed["depth"][sizes[0]]:
        if not all(name in computed["depth"][s] for s in sizes):
            continue
        cells = []
        for report, s in zip(reports, sizes, strict=True):
            value = computed["depth"][s][name]
            page = report["endpoints"][f"{name} p500"]["page"]
            at = "" if page == 500 else f" (page {page})"
            cells.append(f"{value:.2f} {_mark(value <= DEPTH_TARGET)}{at}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
