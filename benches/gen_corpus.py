#!/usr/bin/env python3
"""Deterministic glossary corpus generator for the glossgen benchmarks.

    python3 benches/gen_corpus.py --terms N --out DIR [--seed 1] [--hugo-out DIR2] [--no-hugo]
                                  [--zola-out DIR3] [--no-zola]

Writes a complete glossgen site to DIR (config.yaml + content/ with N term files,
~500 per sub-folder) and the equivalent Hugo site to DIR-hugo (or --hugo-out):
hugo.toml, content/terms/<slug>.md and the layouts from benches/hugo/layouts; and the
equivalent Zola site to DIR-zola (or --zola-out): config.toml, content/terms/<slug>.md
(TOML front matter, the Hugo bodies) and the templates from benches/zola/templates.

Python 3.11 standard library only.  Same (N, seed) -> byte-identical files.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import random
import shutil
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = ".glossgen-corpus.json"
FILES_PER_FOLDER = 500
BASE_URL = "https://example.com/glossary/"
BASE_PATH = "/glossary/"

# --------------------------------------------------------------------------- word lists

KATA = """マーケティング エンゲージメント インフルエンサー コンテンツ プラットフォーム アルゴリズム
ハッシュタグ フォロワー インプレッション コンバージョン リーチ ブランド キャンペーン ターゲティング
セグメント ダッシュボード アナリティクス クリエイター コミュニティ ストーリー ライブ ショート バズ
トレンド メディア ソーシャル デジタル モバイル データ クラウド ユーザー カスタマー リテンション
ファネル リード オーガニック ペイド アフィリエイト バナー タイムライン フィード メンション シェア
リポスト プロフィール アカウント チャネル ストリーミング ポッドキャスト ニュースレター ランディング
クリック スコア モデル エンジン ネットワーク グロース ロイヤリティ オムニ パーソナライズ レコメンド
アトリビューション ベンチマーク コホート セッション トラフィック キーワード サーチ ビジュアル
テンプレート ウィジェット プロモーション スポンサー アンバサダー インサイト ペルソナ ジャーニー
タッチポイント リターゲティング オーディエンス""".split()

# (kanji, reading)
KANJI = [
    ("分析", "ぶんせき"), ("基盤", "きばん"), ("指標", "しひょう"), ("戦略", "せんりゃく"),
    ("効果", "こうか"), ("管理", "かんり"), ("最適化", "さいてきか"), ("施策", "しさく"),
    ("設計", "せっけい"), ("運用", "うんよう"), ("測定", "そくてい"), ("予測", "よそく"),
    ("配信", "はいしん"), ("広告", "こうこく"), ("獲得", "かくとく"), ("単価", "たんか"),
    ("顧客", "こきゃく"), ("炎上", "えんじょう"), ("拡散", "かくさん"), ("投稿", "とうこう"),
    ("動画", "どうが"), ("検索", "けんさく"), ("評価", "ひょうか"), ("連携", "れんけい"),
    ("自動化", "じどうか"), ("可視化", "かしか"), ("統合", "とうごう"), ("収益化", "しゅうえきか"),
    ("認知", "にんち"), ("購買", "こうばい"), ("行動", "こうどう"), ("属性", "ぞくせい"),
    ("体験", "たいけん"), ("調査", "ちょうさ"), ("計測", "けいそく"), ("改善", "かいぜん"),
    ("手法", "しゅほう"), ("理論", "りろん"), ("率", "りつ"), ("層", "そう"),
    ("型", "がた"), ("経済", "けいざい"), ("市場", "しじょう"), ("倫理", "りんり"),
    ("規約", "きやく"),
]

EN_ADJ = """Adaptive Organic Paid Social Viral Native Programmatic Contextual Predictive Real-time
Cross-channel Omnichannel First-party Third-party Zero-party Influencer Mobile Visual Vertical
Hybrid Automated Personalized Earned Owned Shared Micro Macro Lifetime Incremental Multi-touch
Last-click Dynamic Static Interactive Immersive Ephemeral Private Public Open Closed Weighted
Segmented Sponsored Long-form Short-form Live Local Global Semantic Behavioral Demographic
Psychographic Conversational Algorithmic Engaged Passive Active Lean Agile""".split()

EN_NOUN = """Engagement Audience Content Brand Creator Community Conversion Attribution Retention
Acquisition Reach Impression Click Search Feed Timeline Story Video Stream Podcast Newsletter
Campaign Funnel Lead Customer Data Identity Privacy Consent Cookie Pixel Tracking Keyword Hashtag
Trend Sentiment Mention Share Comment Reaction Follower Subscriber Channel Platform Algorithm
Recommendation Discovery Loyalty Referral Affiliate Sponsorship Partnership Growth Revenue
Churn Cohort Session Traffic Landing Banner""".split()

EN_HEAD = """Rate Score Model Strategy Index Ratio Metric Graph Loop Map Matrix Budget Cost Value
Window Lift Test Report Benchmark Pipeline Framework Playbook Policy Tier Network Hub Marketplace
Economy Layer Signal Gap Cycle Curve Mix Share Velocity Quality Footprint""".split()

JA_FILLER_NOUN = [k for k, _ in KANJI] + KATA[:40]
EN_FILLER_NOUN = [w.lower() for w in EN_NOUN] + [w.lower() for w in EN_HEAD]

CATEGORIES = [
    "ソーシャルメディア", "デジタル広告", "マーケティング戦略", "データ分析", "コンテンツ制作",
    "SEO", "Eコマース", "ブランディング", "プライバシー", "インフルエンサー施策",
    "Analytics", "Advertising", "Growth", "Community Management", "Video",
    "Measurement", "Platform Policy", "Creator Economy", "CRM", "Search",
]

JA_SENT = [
    "{a}は{b}と組み合わせて使われることが多い。",
    "近年では{a}を中心に{b}の見直しが進んでいる。",
    "{a}の担当者は{b}の数値を毎週確認する。",
    "一般に{a}が高いほど{b}も改善しやすいとされる。",
    "{a}を導入する際には{b}との整合性に注意が必要である。",
    "多くの企業が{a}のために{b}を活用している。",
    "{a}と{b}の違いは、目的と測定方法にある。",
    "小規模なチームでも{a}から{b}までを一貫して扱える。",
]
EN_SENT = [
    "Teams usually combine {a} with {b} when planning a quarter.",
    "The {a} is reviewed weekly alongside the {b}.",
    "A higher {a} does not always mean a better {b}.",
    "Most platforms report the {a} and the {b} in different ways.",
    "When the {a} changes, the {b} tends to follow within a few weeks.",
    "Small teams often start with the {a} before investing in the {b}.",
    "The difference between the {a} and the {b} lies in how they are measured.",
    "Vendors describe the {a} in terms of the {b}, which can be misleading.",
]
JA_MENTION = [
    "この点は{t}とも深く関係している。",
    "実務では{t}と併せて検討されることが多い。",
    "{t}と混同されやすいが、両者は別の概念である。",
    "詳細な議論は{t}の文脈でも行われている。",
]
EN_MENTION = [
    "This is closely related to {t}.",
    "In practice it is often discussed together with {t}.",
    "It is sometimes confused with {t}, but the two are distinct.",
    "A similar argument appears in discussions of {t}.",
]
JA_REF = ["詳しくは{r}を参照。", "関連する用語として{r}がある。", "{r}も併せて確認したい。"]
EN_REF = ["See also {r}.", "For background, read {r}.", "Compare with {r}."]
JA_HEAD = ["概要", "仕組み", "使い方", "注意点", "歴史", "計測方法", "事例", "関連する考え方"]
EN_HEADS = ["Overview", "How it works", "Usage", "Pitfalls", "History", "Measuring it",
            "Examples", "Related ideas"]

# --------------------------------------------------------------------------- helpers


def kata_to_hira(s: str) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if 0x30A1 <= o <= 0x30F6:
            out.append(chr(o - 0x60))
        else:
            out.append(ch)
    return "".join(out)


def q(s: str) -> str:
    """YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def qlist(xs) -> str:
    return "[" + ", ".join(q(x) for x in xs) + "]"


def tag_key(name: str) -> str:
    """Approximation of the contract's tag slug, to keep the vocabulary collision-free."""
    s = unicodedata.normalize("NFKC", name).lower()
    return "-".join(s.replace("/", " ").split())


def unique_draws(rng: random.Random, count: int, patterns, taken: set[str]):
    """Draw `count` distinct (text, reading) pairs.

    `patterns` is a list of (list_of_parts_lists, joiner).  Each pattern is a mixed-radix
    product space; indices are drawn without replacement across the concatenated space and
    decoded, so titles are unique by construction; `taken` additionally guards against two
    different part combinations concatenating to the same string."""
    sizes = []
    for parts, _ in patterns:
        n = 1
        for p in parts:
            n *= len(p)
        sizes.append(n)
    total = sum(sizes)
    if count > total // 2:
        raise SystemExit(f"word lists too small for {count} unique titles (space {total})")
    seen_idx: set[int] = set()
    out = []
    while len(out) < count:
        idx = rng.randrange(total)
        if idx in seen_idx:
            continue
        seen_idx.add(idx)
        k = idx
        for (parts, joiner), size in zip(patterns, sizes):
            if k < size:
                break
            k -= size
        picks = []
        for p in parts:
            k, r = divmod(k, len(p))
            picks.append(p[r])
        texts = [x[0] if isinstance(x, tuple) else x for x in picks]
        if len(set(texts)) != len(texts):  # no "データデータ分析"
            continue
        text = joiner.join(texts)
        if text in taken:
            continue
        taken.add(text)
        reading = "".join(x[1] if isinstance(x, tuple) else kata_to_hira(x) for x in picks)
        out.append((text, reading))
    return out


def zipf_cum(n: int, s: float = 1.0, q: float = 0.0):
    """Cumulative Zipf(-Mandelbrot) weights 1/(rank+q)^s for ranks 1..n."""
    cum, acc = [], 0.0
    for r in range(1, n + 1):
        acc += 1.0 / ((r + q) ** s)
        cum.append(acc)
    return cum


def draw_distinct(rng: random.Random, cum, k: int):
    total = cum[-1]
    picked: list[int] = []
    while len(picked) < k:
        i = bisect.bisect_left(cum, rng.random() * total)
        if i not in picked:
            picked.append(i)
    return picked


def generator_fingerprint() -> str:
    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    for peer in ("hugo", "zola"):
        peer_dir = HERE / peer
        if peer_dir.is_dir():
            for p in sorted(peer_dir.rglob("*")):
                if p.is_file():
                    h.update(str(p.relative_to(peer_dir)).encode())
                    h.update(p.read_bytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- model


class Term:
    __slots__ = ("i", "slug", "title", "reading", "ja", "aliases", "tags", "cats",
                 "date", "updated")


def build_terms(n: int, rng: random.Random):
    n_ja = round(n * 0.6)
    n_en = n - n_ja
    taken: set[str] = set()
    kanji_pairs = KANJI
    ja_patterns = [([KATA, KATA, kanji_pairs], ""), ([kanji_pairs, KATA, kanji_pairs], "")]
    if n_ja > 200_000:
        ja_patterns.append(([KATA, KATA, KATA, kanji_pairs], ""))
    en_patterns = [([EN_ADJ, EN_NOUN, EN_HEAD], " "), ([EN_NOUN, EN_HEAD], " ")]
    if n_en > 100_000:
        en_patterns.append(([EN_ADJ, EN_ADJ, EN_NOUN, EN_HEAD], " "))
    ja_titles = unique_draws(rng, n_ja, ja_patterns, taken)
    en_titles = unique_draws(rng, n_en, en_patterns, taken)
    # Interleave languages deterministically so each folder holds a mix.
    lang = [True] * n_ja + [False] * n_en
    rng.shuffle(lang)

    # Tag vocabulary: ~N/20 names, half Japanese, half English, Zipf by rank.
    n_tags = max(20, round(n / 20))
    tag_taken: set[str] = set()
    tag_names: list[str] = []
    ja_single = [k for k, _ in KANJI] + KATA
    en_single = [w.lower() for w in EN_NOUN]
    ja_single = ja_single[:]
    en_single = en_single[:]
    rng.shuffle(ja_single)
    rng.shuffle(en_single)
    ja_iter = iter(ja_single)
    en_iter = iter(en_single)
    ja_compounds = None
    en_compounds = None
    while len(tag_names) < n_tags:
        use_ja = rng.random() < 0.5
        name = None
        if use_ja:
            name = next(ja_iter, None)
            if name is None:
                if ja_compounds is None:
                    ja_compounds = [a + b for a in KATA for b, _ in KANJI]
                    rng.shuffle(ja_compounds)
                    ja_compounds = iter(ja_compounds)
                name = next(ja_compounds, None)
        else:
            name = next(en_iter, None)
            if name is None:
                if en_compounds is None:
                    en_compounds = [f"{a.lower()} {b.lower()}" for a in EN_ADJ for b in EN_NOUN]
                    rng.shuffle(en_compounds)
                    en_compounds = iter(en_compounds)
                name = next(en_compounds, None)
        if name is None:
            raise SystemExit("tag vocabulary exhausted")
        key = tag_key(name)
        if key in tag_taken:
            continue
        tag_taken.add(key)
        tag_names.append(name)
    # Zipf-Mandelbrot (s=1, q=2.7): a long Zipf tail, but the most common tag is on ~15-20%
    # of terms rather than ~50% as with plain Zipf and 2-6 tags per term.
    tag_cum = zipf_cum(len(tag_names), 1.0, 2.7)
    cat_cum = zipf_cum(len(CATEGORIES), 0.5)

    terms: list[Term] = []
    ja_i = en_i = 0
    for i in range(n):
        t = Term()
        t.i = i
        t.slug = f"t{i:06d}"
        t.ja = lang[i]
        if t.ja:
            t.title, t.reading = ja_titles[ja_i]
            ja_i += 1
        else:
            t.title, _ = en_titles[en_i]
            t.reading = None
            en_i += 1
        # Aliases: unique by construction (they carry the term index).
        na = rng.choice((0, 0, 1, 1, 1, 2))
        aliases = []
        if na >= 1:
            if t.ja:
                abbr = rng.choice(EN_NOUN)[:2].upper() + rng.choice(EN_HEAD)[0]
            else:
                abbr = "".join(w[0] for w in t.title.replace("-", " ").split()).upper()
            aliases.append(f"{abbr}-{i}")
        if na >= 2:
            aliases.append(f"{t.title if not t.ja else rng.choice(EN_NOUN)} variant {i}")
        t.aliases = aliases
        t.tags = [tag_names[k] for k in draw_distinct(rng, tag_cum, rng.randint(2, 6))]
        t.cats = [CATEGORIES[k] for k in draw_distinct(rng, cat_cum, rng.randint(1, 2))]
        y, m, d = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
        t.date = f"{y:04d}-{m:02d}-{d:02d}"
        if rng.random() < 0.35:
            y2 = min(2025, y + rng.randint(0, 3))
            m2 = rng.randint(m if y2 == y else 1, 12)
            t.updated = f"{y2:04d}-{m2:02d}-{rng.randint(1, 28):02d}"
        else:
            t.updated = None
        terms.append(t)
    return terms, tag_names


def other(rng: random.Random, n: int, i: int) -> int:
    j = rng.randrange(n - 1)
    return j + 1 if j >= i else j


def make_body(t: Term, terms: list[Term], rng: random.Random):
    """Returns (glossgen_body, hugo_body)."""
    n = len(terms)
    ja = t.ja
    sent = JA_SENT if ja else EN_SENT
    filler = JA_FILLER_NOUN if ja else EN_FILLER_NOUN

    def sentence():
        a, b = rng.sample(filler, 2)
        return rng.choice(sent).format(a=a, b=b)

    n_par = rng.randint(4, 9)
    paras: list[list[str]] = [[sentence() for _ in range(rng.randint(2, 4))] for _ in range(n_par)]
    if ja:
        paras[0].insert(0, f"{t.title}（{t.reading}）とは、{rng.choice(filler)}に関する用語である。")
    else:
        paras[0].insert(0, f"{t.title} is a term used in {rng.choice(filler)} work.")

    # References [[slug]] / [[slug|label]]: stored as placeholders, rendered per target.
    refs = []
    for _ in range(rng.randint(1, 4)):
        j = other(rng, n, t.i)
        label = None
        if rng.random() < 0.4:
            label = rng.choice(filler) if rng.random() < 0.5 else terms[j].title
        refs.append((j, label))
        p = rng.randrange(n_par)
        tmpl = rng.choice(JA_REF if ja else EN_REF)
        paras[p].insert(rng.randint(1 if p == 0 else 0, len(paras[p])), ("ref", tmpl, j, label))
    for _ in range(rng.randint(2, 5)):
        j = other(rng, n, t.i)
        p = rng.randrange(n_par)
        tmpl = rng.choice(JA_MENTION if ja else EN_MENTION)
        paras[p].insert(rng.randint(1 if p == 0 else 0, len(paras[p])), tmpl.format(t=terms[j].title))

    heads = rng.sample(JA_HEAD if ja else EN_HEADS, rng.randint(1, 2))
    head_pos = sorted(rng.sample(range(1, n_par), min(len(heads), n_par - 1)))
    list_pos = rng.randrange(1, n_par)
    items = [rng.choice(filler) + ("：" if ja else ": ") + sentence() for _ in range(rng.randint(3, 6))]
    table = None
    if rng.random() < 0.3:
        if ja:
            table = ["| 項目 | 説明 | 目安 |", "|---|---|---|"]
        else:
            table = ["| Item | Description | Typical value |", "|---|---|---|"]
        for _ in range(rng.randint(2, 5)):
            table.append(f"| {rng.choice(filler)} | {sentence()} | {rng.randint(1, 99)}% |")
        table_pos = rng.randrange(1, n_par)
    sep = "" if ja else " "

    def render(hugo: bool) -> str:
        blocks = []
        hi = 0
        for p in range(n_par):
            if hi < len(head_pos) and head_pos[hi] == p:
                blocks.append("## " + heads[hi])
                hi += 1
            parts = []
            for s in paras[p]:
                if isinstance(s, tuple):
                    _, tmpl, j, label = s
                    tgt = terms[j]
                    if hugo:
                        r = f"[{label or tgt.title}]({BASE_PATH}terms/{tgt.slug}/)"
                    else:
                        r = f"[[{tgt.slug}|{label}]]" if label else f"[[{tgt.slug}]]"
                    parts.append(tmpl.format(r=r))
                else:
                    parts.append(s)
            blocks.append(sep.join(parts))
            if p == list_pos:
                blocks.append("\n".join("- " + it for it in items))
            if table is not None and p == table_pos:
                blocks.append("\n".join(table))
        return "\n\n".join(blocks) + "\n"

    return render(False), render(True)


# --------------------------------------------------------------------------- writers

CONFIG_YAML = f"""title: ベンチマーク用語集
base_url: {BASE_URL}
language: ja
theme: default
minify: true
paginate: 50
autolink: true
related:
  limit: 5
"""


def write_glossgen_front(t: Term) -> str:
    lines = ["---", f"title: {q(t.title)}"]
    if t.reading:
        lines.append(f"reading: {q(t.reading)}")
    if t.aliases:
        lines.append(f"aliases: {qlist(t.aliases)}")
    lines.append(f"tags: {qlist(t.tags)}")
    lines.append(f"categories: {qlist(t.cats)}")
    lines.append(f"date: {t.date}")
    if t.updated:
        lines.append(f"updated: {t.updated}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_hugo_front(t: Term) -> str:
    lines = ["---", f"title: {q(t.title)}", f"tags: {qlist(t.tags)}",
             f"categories: {qlist(t.cats)}", f"date: {t.date}"]
    if t.updated:
        lines.append(f"lastmod: {t.updated}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def write_zola_front(t: Term) -> str:
    lines = ["+++", f"title = {toml_str(t.title)}", f"date = {t.date}"]
    if t.updated:
        lines.append(f"updated = {t.updated}")
    lines.append("[taxonomies]")
    lines.append("tags = [" + ", ".join(toml_str(x) for x in t.tags) + "]")
    lines.append("categories = [" + ", ".join(toml_str(x) for x in t.cats) + "]")
    lines.append("+++")
    return "\n".join(lines) + "\n"


ZOLA_SECTION = '+++\ntitle = "用語一覧"\nsort_by = "title"\n+++\n'


def prepare_dir(d: Path, force: bool):
    if d.exists():
        if not (d / MARKER).exists() and any(d.iterdir()) and not force:
            raise SystemExit(f"{d} exists and is not a generated corpus (use --force)")
        shutil.rmtree(d)
    d.mkdir(parents=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--terms", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hugo-out", default=None, help="default: OUT-hugo")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--zola-out", default=None, help="default: OUT-zola")
    ap.add_argument("--no-zola", action="store_true")
    ap.add_argument("--force", action="store_true", help="overwrite a non-corpus directory")
    ap.add_argument("--translated", type=float, default=0.0,
                    help="fraction of terms (0..1, spread evenly) that also get an English "
                         "translation <slug>.en.md; the site gains `languages: {en: …}`")
    a = ap.parse_args(argv)
    if not 0.0 <= a.translated <= 1.0:
        ap.error("--translated must be between 0 and 1")
    if a.terms < 2:
        ap.error("--terms must be at least 2")

    out = Path(a.out)
    hugo_out = None if a.no_hugo else Path(a.hugo_out or (str(out).rstrip("/") + "-hugo"))
    zola_out = None if a.no_zola else Path(a.zola_out or (str(out).rstrip("/") + "-zola"))
    rng = random.Random(a.seed)
    terms, tags = build_terms(a.terms, rng)

    prepare_dir(out, a.force)
    config = CONFIG_YAML
    if a.translated > 0:
        config += "languages:\n  en: { title: Benchmark Glossary }\n"
    (out / "config.yaml").write_text(config, encoding="utf-8")
    content = out / "content"
    if hugo_out is not None:
        prepare_dir(hugo_out, a.force)
        shutil.copy(HERE / "hugo" / "hugo.toml", hugo_out / "hugo.toml")
        shutil.copytree(HERE / "hugo" / "layouts", hugo_out / "layouts")
        hterms = hugo_out / "content" / "terms"
        hterms.mkdir(parents=True)
    if zola_out is not None:
        prepare_dir(zola_out, a.force)
        shutil.copy(HERE / "zola" / "config.toml", zola_out / "config.toml")
        shutil.copytree(HERE / "zola" / "templates", zola_out / "templates")
        zterms = zola_out / "content" / "terms"
        zterms.mkdir(parents=True)
        (zterms / "_index.md").write_text(ZOLA_SECTION, encoding="utf-8")

    made_dirs = set()
    bytes_g = 0
    for t in terms:
        g_body, h_body = make_body(t, terms, rng)
        folder = content / f"part{t.i // FILES_PER_FOLDER:03d}"
        if folder not in made_dirs:
            folder.mkdir(parents=True)
            made_dirs.add(folder)
        data = (write_glossgen_front(t) + "\n" + g_body).encode("utf-8")
        bytes_g += len(data)
        (folder / f"{t.slug}.md").write_bytes(data)
        if int((t.i + 1) * a.translated) > int(t.i * a.translated):
            # The translation: same names and body (no rng draws, so the rest of the
            # corpus is unchanged); its references to untranslated terms fall back.
            (folder / f"{t.slug}.en.md").write_bytes(data)
            bytes_g += len(data)
        if hugo_out is not None:
            (hterms / f"{t.slug}.md").write_bytes((write_hugo_front(t) + "\n" + h_body).encode("utf-8"))
        if zola_out is not None:
            (zterms / f"{t.slug}.md").write_bytes((write_zola_front(t) + "\n" + h_body).encode("utf-8"))

    info = {"terms": a.terms, "seed": a.seed, "generator": generator_fingerprint(),
            "translated": a.translated,
            "tags": len(tags), "categories": len(CATEGORIES), "folders": len(made_dirs),
            "content_bytes": bytes_g}
    (out / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    for peer_out in (hugo_out, zola_out):
        if peer_out is not None:
            (peer_out / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(f"gen_corpus: {a.terms} terms, {len(tags)} tags, {len(made_dirs)} folders, "
          f"{bytes_g / 1048576:.1f} MiB -> {out}" + (f" (+ {hugo_out})" if hugo_out else "")
          + (f" (+ {zola_out})" if zola_out else ""),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
