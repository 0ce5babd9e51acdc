#!/usr/bin/env python3
"""What the bytes of a built site's term pages are: the mean size of each part of
`terms/*/index.html` (head, site header, body, related cards, backlinks, ...).

    python3 benches/page_weight.py OUT [OUT2]

With two outputs (before, after) it prints both columns and the difference. Parts are
found by their opening markup in the default theme; what no part claims is "other".
Python 3.11 standard library only.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# (part, start marker, end marker): the part runs from its start to the end marker's end.
PARTS = [
    ("head", "<head>", "</head>"),
    ("site header", "<header class=site-header>", "</header>"),
    ("breadcrumbs", "<nav class=breadcrumbs", "</nav>"),
    ("term header", "<header class=term-header>", "</header>"),
    ("body", "<div class=\"prose term-body\">", "\n</div>"),
    ("connections", "<section class=neighbourhood", "</section>"),
    ("related cards", "<section class=related", "</section>"),
    ("backlinks", "<section class=backlinks", "</section>"),
    ("prev/next", "<nav class=term-nav", "</nav>"),
    ("series", "<section class=series", "</section>"),
    ("JSON-LD", "<script type=\"application/ld+json\">", "</script>"),
    ("footer", "<footer", "</footer>"),
]
TITLE_ATTR = re.compile(r' title="[^"]*"')


def weigh(html: str) -> dict[str, int]:
    sizes: dict[str, int] = {}
    data = html.encode()
    claimed = 0
    for name, start, end in PARTS:
        at = html.find(start)
        if at < 0:
            sizes[name] = 0
            continue
        stop = html.find(end, at + len(start))
        stop = len(html) if stop < 0 else stop + len(end)
        size = len(html[at:stop].encode())
        sizes[name] = size
        claimed += size
        if name == "body":
            sizes["  of which link titles"] = sum(
                len(m.group(0).encode()) for m in TITLE_ATTR.finditer(html[at:stop]))
    sizes["other"] = len(data) - claimed
    sizes["total"] = len(data)
    return sizes


def mean_sizes(out: Path) -> tuple[int, dict[str, float]]:
    pages = sorted(out.glob("terms/*/index.html"))
    totals: dict[str, float] = {}
    for page in pages:
        for name, size in weigh(page.read_text(encoding="utf-8")).items():
            totals[name] = totals.get(name, 0) + size
    n = max(len(pages), 1)
    return len(pages), {k: v / n for k, v in totals.items()}


def main() -> int:
    outs = [Path(a) for a in sys.argv[1:3]]
    if not outs:
        print(__doc__, file=sys.stderr)
        return 2
    columns = [mean_sizes(o) for o in outs]
    names = list(columns[0][1])
    head = "| part | " + " | ".join(f"{o} ({n} pages)" for o, (n, _) in zip(outs, columns))
    head += " | change |" if len(columns) == 2 else " |"
    print(head)
    print("|---" * (len(columns) + 1 + (len(columns) == 2)) + "|")
    for name in names:
        row = [c[1].get(name, 0) for c in columns]
        cells = " | ".join(f"{v:,.0f}" for v in row)
        change = f" | {row[1] - row[0]:+,.0f}" if len(row) == 2 else ""
        print(f"| {name} | {cells}{change} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
