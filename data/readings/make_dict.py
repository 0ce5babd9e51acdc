#!/usr/bin/env python3
"""Build data/readings/ipadic-readings.bin from Debian's mecab-ipadic CSV sources.

    apt-get install -y mecab-ipadic
    python3 data/readings/make_dict.py [--src /usr/share/mecab/dic/ipadic] [--out FILE]

Python 3 standard library only. Same input -> byte-identical output.

What is kept: entries whose surface (after NFKC) contains a kanji, from the noun, prefix and
suffix files ("words": a glossary name is a compound of these), plus single-character entries
of every other file ("fallback": a reading for a lone kanji that no word covers, which the
reader reports as unsure). Pure kana/ASCII entries are dropped: kana read as themselves.
When a surface has several readings, the lowest cost (the most likely one) wins; words beat
fallbacks. Readings are stored in hiragana.

File format (all integers little-endian), see src/reading/dict.rs:
    b"GGRD2\\0"  u32 entry_count  u32 block_count  u32 block_offset[block_count]
    blocks of BLOCK entries, sorted by surface bytes (UTF-8). Each entry:
        u8 shared   bytes shared with the previous surface in the block (0 for the first)
        u8 n        number of surface bytes that follow
        n bytes     rest of the surface
        u8 flags    bit 7: fallback entry; bit 6: a prefix reading follows; bit 5: a suffix
                    reading follows
        u8 cost     the entry's cost / 128, capped at 255 (lower: more likely)
        readings    the general reading, then the prefix and suffix readings when flagged,
                    each as u8 length + one byte per kana: hiragana U+3041 + (b - 1); 0x60 is ー
A prefix reading (接頭詞) is used at the start of a compound, a suffix reading (名詞,接尾)
after another part: 売上高 is うりあげ + だか, not うりあげ + こう.
"""

import argparse
import os
import struct
import sys
import unicodedata

WORD_FILES = [
    "Noun.csv", "Noun.adjv.csv", "Noun.adverbal.csv", "Noun.verbal.csv",
    "Noun.proper.csv", "Noun.place.csv", "Noun.org.csv", "Noun.others.csv",
    "Noun.number.csv", "Noun.nai.csv", "Noun.demonst.csv", "Prefix.csv", "Suffix.csv",
]
BLOCK = 32
LONG_MARK = 0x60


def has_kanji(s):
    return any(
        "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"
        or c in "々〆ヶ" for c in s
    )


def encode_reading(katakana):
    out = bytearray()
    for c in katakana:
        o = ord(c)
        if 0x30A1 <= o <= 0x30F6:
            out.append(o - 0x60 - 0x3041 + 1)
        elif 0x3041 <= o <= 0x3096:
            out.append(o - 0x3041 + 1)
        elif c == "ー":
            out.append(LONG_MARK)
        else:
            return None
    return bytes(out) if 0 < len(out) < 128 else None


def read_entries(src):
    """surface -> {"any": (is_fallback, cost, reading), "pre": ..., "suf": ...}."""
    best = {}
    for name in sorted(os.listdir(src)):
        if not name.endswith(".csv"):
            continue
        is_word = name in WORD_FILES
        with open(os.path.join(src, name), encoding="euc_jp", errors="replace") as f:
            for line in f:
                cols = line.rstrip("\n").split(",")
                if len(cols) < 12:
                    continue
                surface = unicodedata.normalize("NFKC", cols[0])
                if not has_kanji(surface) or (not is_word and len(surface) != 1):
                    continue
                reading = encode_reading(cols[11])
                if reading is None or len(surface.encode()) > 255:
                    continue
                key = (not is_word, int(cols[3]), reading)
                slots = best.setdefault(surface, {})
                kinds = ["any"]
                if cols[4] == "接頭詞":
                    kinds.append("pre")
                if cols[4] == "名詞" and cols[5] == "接尾":
                    kinds.append("suf")
                for kind in kinds:
                    if kind not in slots or key < slots[kind]:
                        slots[kind] = key
    return best


def build(best):
    items = sorted((s.encode(), v) for s, v in best.items())
    blocks, offsets = bytearray(), []
    prev = b""
    for i, (surface, slots) in enumerate(items):
        if i % BLOCK == 0:
            offsets.append(len(blocks))
            prev = b""
        shared = 0
        while shared < min(len(prev), len(surface), 255) and prev[shared] == surface[shared]:
            shared += 1
        rest = surface[shared:]
        fallback, cost, reading = slots["any"]
        extra = [slots[k][2] for k in ("pre", "suf") if k in slots and slots[k][2] != reading]
        flags = (0x80 if fallback else 0)
        if "pre" in slots and slots["pre"][2] != reading:
            flags |= 0x40
        if "suf" in slots and slots["suf"][2] != reading:
            flags |= 0x20
        blocks += bytes([shared, len(rest)]) + rest
        blocks += bytes([flags, max(0, min(255, cost // 128))])
        for r in [reading] + extra:
            blocks += bytes([len(r)]) + r
        prev = surface
    header = b"GGRD2\0" + struct.pack("<II", len(items), len(offsets))
    header += b"".join(struct.pack("<I", o) for o in offsets)
    return header + bytes(blocks)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default="/usr/share/mecab/dic/ipadic")
    ap.add_argument("--out", default=os.path.join(here, "ipadic-readings.bin"))
    args = ap.parse_args()
    if not os.path.isdir(args.src):
        sys.exit(f"no {args.src}: apt-get install -y mecab-ipadic")
    best = read_entries(args.src)
    data = build(best)
    with open(args.out, "wb") as f:
        f.write(data)
    words = sum(1 for v in best.values() if not v["any"][0])
    print(f"{args.out}: {len(best)} entries ({words} words, {len(best) - words} fallbacks), {len(data)} bytes")


if __name__ == "__main__":
    main()
