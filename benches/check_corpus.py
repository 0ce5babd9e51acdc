#!/usr/bin/env python3
"""Sanity checks for a corpus written by gen_corpus.py.

    python3 benches/check_corpus.py DIR [DIR-hugo]

Checks: front matter parses as YAML (PyYAML if importable, else a light check), required
keys, titles / slugs / aliases unique (aliases also distinct from every title and slug),
every [[ref]] names an existing slug other than the term itself, 2-6 tags, 1-2 categories,
hiragana readings; for the Hugo site: same terms, every /terms/<slug>/ link exists.
Exit 1 on the first kind of problem found (all problems are listed).
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

try:
    import yaml  # type: ignore
except ImportError:  # pragma: no cover
    yaml = None

REF = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")
HUGO_LINK = re.compile(r"\]\(/glossary/terms/([^/)]+)/\)")
HIRA = re.compile(r"^[\u3041-\u3096ー]+$")


def split_front(text: str, path: Path):
    if not text.startswith("---\n"):
        raise ValueError(f"{path}: no front matter")
    end = text.index("\n---\n", 4)
    return text[4:end], text[end + 5:]


def load_front(fm: str, path: Path) -> dict:
    if yaml is not None:
        d = yaml.safe_load(fm)
        if not isinstance(d, dict):
            raise ValueError(f"{path}: front matter is not a map")
        return {k: (str(v) if k in ("date", "updated", "lastmod") else v) for k, v in d.items()}
    import json
    d = {}
    for line in fm.splitlines():
        k, _, v = line.partition(": ")
        v = v.strip()
        d[k] = json.loads(v) if v[:1] in '["' else v
    return d


def main(argv) -> int:
    if not argv:
        print(__doc__)
        return 2
    site = Path(argv[0])
    errors: list[str] = []
    files = sorted(p for p in (site / "content").rglob("*.md"))
    terms = {}
    bodies = {}
    folders = Counter(p.parent for p in files)
    for p in files:
        fm, body = split_front(p.read_text(encoding="utf-8"), p)
        d = load_front(fm, p)
        slug = p.stem
        if slug in terms:
            errors.append(f"duplicate slug {slug}")
        terms[slug] = d
        bodies[slug] = body
    titles = Counter(d["title"] for d in terms.values())
    errors += [f"duplicate title {t!r}" for t, c in titles.items() if c > 1]
    aliases = Counter(a for d in terms.values() for a in d.get("aliases") or [])
    errors += [f"duplicate alias {a!r}" for a, c in aliases.items() if c > 1]
    errors += [f"alias {a!r} equals a title or slug" for a in aliases if a in titles or a in terms]
    tag_names = set()
    nref = 0
    for slug, d in terms.items():
        for key in ("title", "tags", "categories", "date"):
            if key not in d:
                errors.append(f"{slug}: missing {key}")
        if not 2 <= len(d["tags"]) <= 6 or len(set(d["tags"])) != len(d["tags"]):
            errors.append(f"{slug}: bad tags {d['tags']}")
        if not 1 <= len(d["categories"]) <= 2:
            errors.append(f"{slug}: bad categories {d['categories']}")
        if not 0 <= len(d.get("aliases") or []) <= 2:
            errors.append(f"{slug}: bad aliases")
        if "reading" in d and not HIRA.match(d["reading"]):
            errors.append(f"{slug}: reading not hiragana: {d['reading']!r}")
        if not d["title"].isascii() and "reading" not in d:
            errors.append(f"{slug}: Japanese title without reading")
        tag_names.update(d["tags"])
        refs = REF.findall(bodies[slug])
        if not 1 <= len(refs) <= 4:
            errors.append(f"{slug}: {len(refs)} references")
        for target, _ in refs:
            nref += 1
            if target not in terms:
                errors.append(f"{slug}: reference to missing slug {target!r}")
            if target == slug:
                errors.append(f"{slug}: self reference")
    keys = Counter("-".join(unicodedata.normalize("NFKC", t).lower().split()) for t in tag_names)
    errors += [f"tags collide after normalisation: {k}" for k, c in keys.items() if c > 1]

    print(f"{site}: {len(terms)} terms in {len(folders)} folders (max {max(folders.values())}/folder), "
          f"{len(tag_names)} tags, {len(aliases)} aliases, {nref} references"
          f"{'' if yaml else ' (PyYAML missing: light front-matter check only)'}")

    if len(argv) > 1:
        hsite = Path(argv[1])
        hfiles = sorted((hsite / "content" / "terms").glob("*.md"))
        hslugs = {p.stem for p in hfiles}
        if hslugs != set(terms):
            errors.append("hugo site has a different set of terms")
        nlinks = 0
        for p in hfiles:
            fm, body = split_front(p.read_text(encoding="utf-8"), p)
            d = load_front(fm, p)
            g = terms.get(p.stem)
            if g and (d["title"] != g["title"] or d["tags"] != g["tags"]
                      or d["categories"] != g["categories"]):
                errors.append(f"hugo {p.stem}: front matter differs")
            if "[[" in body:
                errors.append(f"hugo {p.stem}: unconverted [[reference]]")
            for target in HUGO_LINK.findall(body):
                nlinks += 1
                if target not in hslugs:
                    errors.append(f"hugo {p.stem}: link to missing {target}")
        if not (hsite / "hugo.toml").exists() or not (hsite / "layouts").is_dir():
            errors.append("hugo site lacks hugo.toml or layouts/")
        print(f"{hsite}: {len(hfiles)} terms, {nlinks} links")

    for e in errors[:50]:
        print("ERROR:", e)
    if len(errors) > 50:
        print(f"... and {len(errors) - 50} more")
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
