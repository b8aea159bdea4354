#!/usr/bin/env python3
"""Build the demo news corpus data/sample/corpus.jsonl from data/statements.csv.

    python tools/build_sample_corpus.py

Stdlib only, no network, deterministic (random.Random(20241028)). Writes:

- data/sample/corpus.jsonl  one article a line: id, date, title, source, url, text
- data/sample/README.md     a short datasheet with the counts of this build
- data/sample/article.txt   one ~500-word article from the corpus, for `stance analyze`

The articles are assembled from the project's own annotated statements: the three topics with
the most rows in data/statements.csv, over 16 weeks from 2025-01-06. The biggest topic is "the
crisis" (about 60% of the articles); for its main actors, the share of condemning and requesting
rows rises over the weeks and the share of neutral rows falls, so a time-series plot moves.
Each article is a headline, a paragraph of journalist narration with no speech verbs, 4-8
statement paragraphs (one row each, never the same row twice) and, sometimes, one background
paragraph reused from data/articles/*.txt. It is a demo corpus, not an evaluation set.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 20241028
START = dt.date(2025, 1, 6)
WEEKS = 16
PER_WEEK = 16
N_TOPICS = 3
MIN_STATEMENTS, MAX_STATEMENTS = 4, 8
LABELS = ("condemning", "denying", "justifying", "requesting", "neutral")
COLUMNS = ("text", "label", "speaker", "actor", "kind", "topic")

ROOT = Path(__file__).resolve().parent.parent

# Invented outlets, each with its quotation marks: (open, close, nested open, nested close).
OUTLETS = [
    ("Harbour Wire", "harbourwire", ("“", "”", "‘", "’")),
    ("Meridian Daily", "meridiandaily", ('"', '"', "'", "'")),
    ("Northgate Post", "northgatepost", ("‘", "’", "“", "”")),
    ("The Lantern Review", "lanternreview", ("“", "”", "‘", "’")),
    ("Coastline Times", "coastlinetimes", ('"', '"', "'", "'")),
]

# Speech verbs and attribution phrases that must never appear in narration or headlines: the
# journalist's own sentences must not read as statements.
SPEECH_WORDS = """
said says say saying told tells telling informed mentioned mentions added adds noted notes
stressed stresses emphasised emphasized underlined underscored warned warns warning cautioned
insisted insists claimed claims argued argues maintained maintains asserted alleged declared
declares stated states announced announces confirmed confirms explained acknowledged admitted
conceded reiterated repeated recalled replied responded retorted countered wrote writes posted
tweeted vowed pledged promised suggested observed remarked complained lamented predicted reported
revealed disclosed indicated hinted signalled signaled asked urged urges urging called calls
calling appealed demanded demands demanding pressed requested implored denied denies denying
rejected rejects rejecting dismissed dismisses dismissing refuted condemned condemns condemning
denounced denounces decried deplored criticised criticized slammed blasted lambasted blamed
blames accused accuses described describes branded labelled labeled characterised characterized
defended defends justified welcomed welcomes hailed praised expressed voiced believed believes
hoped thinks introduced according quoted statement statements
""".split()
SPEECH_RE = re.compile(r"\b(?:%s)\b" % "|".join(sorted(SPEECH_WORDS)), re.IGNORECASE)
QUOTE_CHARS = "\"“”„«»‘‚‹›"

# Display names for topic slugs; others are cased from the statements themselves.
TOPIC_NAMES = {
    "gaza-war": "the war in Gaza",
    "south-china-sea": "the South China Sea",
    "korean-peninsula": "the Korean Peninsula",
    "iran-nuclear": "Iran's nuclear programme",
    "israel-lebanon": "the Israel-Lebanon front",
    "red-sea": "Red Sea shipping",
    "taiwan-strait": "the Taiwan Strait",
    "venezuela-boat-strikes": "the US strikes on boats off Venezuela",
    "myanmar": "Myanmar's civil war",
    "west-bank": "the West Bank",
    "sudan-war": "the war in Sudan",
    "drc-rwanda": "the fighting in eastern Congo",
}
NOUNISH = {"war", "sea", "strait", "strikes", "crisis", "peninsula", "bank", "talks", "conflict",
           "tariffs", "border", "elections", "election", "drones", "cables", "programme",
           "dispute", "children", "migrants", "espionage", "sanctions", "deal", "front"}

ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
            "twentieth").split()
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January February March April May June July August September October November "
          "December").split()

# Headlines: {T} topic phrase, {Tc} the same capitalised, {n} week number, {ord} week ordinal.
HEADLINES = {
    "early": [
        "Fresh incidents put {T} back in focus",
        "Governments tread carefully over {T}",
        "Early signs of strain over {T}",
        "New year opens with unease over {T}",
        "Diplomats watch {T} as first incidents of the year pile up",
        "{Tc}: a cautious start to the year",
        "Quiet diplomacy over {T} in week {n}",
    ],
    "mid": [
        "Pressure builds over {T} in week {n}",
        "Talks falter as strain over {T} grows",
        "No breakthrough on {T} as envoys regroup",
        "Tensions rise over {T} as talks stall",
        "{Tc} enters its {ord} week of heightened tension",
        "Neighbours grow uneasy over {T}",
        "Diplomatic gap over {T} widens",
    ],
    "late": [
        "Tensions rise over {T} as talks stall",
        "Positions harden over {T}",
        "{Tc}: diplomacy runs short of road",
        "Governments line up on opposite sides over {T}",
        "Week {n}: no end in sight for the standoff over {T}",
        "Hopes for a pause fade as the standoff over {T} deepens",
        "Sharper tone on {T} as talks stall again",
    ],
    "side": [
        "Friction over {T} simmers on",
        "{Tc}: another week of friction",
        "Little movement on {T} in week {n}",
        "Old grievances resurface over {T}",
        "Fresh strain over {T} as diplomats regroup",
        "{Tc} back on the agenda",
    ],
}

# Narration sentences (no speech verbs): by stage of the crisis, for side topics, and generic.
# {C} is the crisis's topic phrase, {wd} the weekday, {ord} the week's ordinal.
NARRATION = {
    "early": [
        "The first weeks of the year brought a fresh round of incidents linked to {T}.",
        "For now, most governments are keeping their distance from {T} and waiting for the "
        "dust to settle.",
        "The exchanges over {T} remain measured, and few diplomats expect a major escalation "
        "in the coming days.",
        "Officials across the region are treating the latest incidents as manageable, at least "
        "for the moment.",
        "Behind closed doors, envoys are sounding out whether a quiet channel can be reopened.",
        "Public positions are still cautious, and several capitals have kept their options open.",
    ],
    "mid": [
        "The dispute over {T} has widened over the past few weeks, drawing in governments that "
        "had wanted to stay on the sidelines.",
        "Each new incident has made the diplomatic arithmetic harder.",
        "Envoys have been shuttling between capitals, so far without a breakthrough.",
        "The tone of the exchanges has sharpened noticeably since January.",
        "Neighbouring governments are recalculating their positions as the standoff drags on.",
        "A planned round of talks slipped again this week, and no new date has been set.",
    ],
    "late": [
        "Positions on {T} have hardened markedly, and the language coming from capitals is far "
        "sharper than at the start of the year.",
        "Hopes for a negotiated pause have faded, and governments are lining up on opposite "
        "sides.",
        "The latest round of talks ended without a date for the next one.",
        "Aid agencies, shipping firms and neighbouring governments are bracing for a longer "
        "confrontation.",
        "Few diplomats now expect a quick resolution.",
        "Every new incident now draws a wave of reactions from capitals within hours.",
    ],
    "side": [
        "Away from the headlines dominated by {C}, {T} continued to simmer this week.",
        "{Tc} remains a second-tier story for most capitals, but the exchanges this week were "
        "pointed.",
        "There was no single dramatic event this week, only a steady accumulation of incidents "
        "and counter-moves over {T}.",
        "Long-running grievances over {T} resurfaced this week.",
        "The friction over {T} has outlasted several rounds of mediation.",
    ],
    "generic": [
        "{Tc} has been near the top of the diplomatic agenda since early January.",
        "The latest exchanges came on {wd}, in the {iso_ord} week of the year.",
        "Ministries, embassies and international bodies all weighed in during the week.",
        "The main parties set out their positions in briefings, interviews and written "
        "replies.",
    ],
    "close": [
        "Here is where the main parties stand.",
        "The positions of the main parties, as of {wd}, are set out below.",
        "Below are the positions staked out by the governments and organisations involved.",
        "",
        "",
    ],
}

STOPWORDS = set("""
a an the and or but of to in on at by for with from as is are was were be been being it its this
that these those there their they them we our us you your he she his her i not no nor so than
then too very can could will would shall should may might must have has had do does did done
who whom which what when where why how all any both each few more most other some such only own
same just also into over under again further once here about against between through during
before after above below up down out off while because until if mr ms mrs one two three new
said says told say had has also any every
""".split())


# --------------------------------------------------------------------------------------------
# inputs

def load_statements(path: Path) -> list[dict]:
    """Usable rows of statements.csv: all columns present, a speaker, a known label and kind."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
        rows = []
        for n, r in enumerate(reader, start=2):
            row = {c: " ".join((r.get(c) or "").split()) for c in COLUMNS}
            row["line"] = n
            rows.append(row)
    return rows


# Tell-tale artefacts of the machine-reworded rows of the training data ("Overseas Minister" for
# "Foreign Minister", "used to be" for "was"): fine for training, odd in a demo newspaper.
SPUN_RE = re.compile(
    r"\b(?:[Oo]verseas (?:[Mm]inist\w*|Secretary|Office|Workplace|Place|Affairs)|"
    r"[Pp]rotection [Mm]inist\w*|used to be|was once|Director (?:Basic|Normal)|"
    r"Secretary[- ]Basic|Chinese language|pretend information|known as (?:on|for)|"
    r"Safety Council|get entry to|imaginable|pronouncing|by no means|in opposition to|Vitality|"
    r"Top Minister|pinnacle|actuality|mentioned|subsequent|nonetheless|most effective|cupboard|"
    r"press convention|[Ww]orldwide|labored|(?:good|bad|dangerous) religion|websites of|"
    r"hid websites|folks|right away|Atomic Power|troopers|within the (?:area|nation|room))\b"
    r"|[{}]")


def usable(row: dict) -> bool:
    if not (row["text"] and row["speaker"] and row["topic"]):
        return False
    if row["label"] not in LABELS or row["kind"] not in ("direct", "reported"):
        return False
    if SPUN_RE.search(row["text"]):
        return False
    # a lowercase direct fragment ("an internal matter") does not make a quotation on its own
    return not (row["kind"] == "direct" and row["text"][:1].islower())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'’-]+", text.lower())


def topic_phrase(slug: str, rows: list[dict]) -> str:
    """A readable noun phrase for a topic slug, cased as the statements spell its words."""
    if slug in TOPIC_NAMES:
        return TOPIC_NAMES[slug]
    toks = [t for t in slug.split("-") if t]
    seen: dict[str, Counter] = {t: Counter() for t in toks}
    for r in rows:
        for w in re.findall(r"[A-Za-z]+", r["text"]):
            if w.lower() in seen:
                seen[w.lower()][w] += 1
    cased = [seen[t].most_common(1)[0][0] if seen[t] else t for t in toks]
    if cased and not cased[0][:1].isupper():
        cased[0] = cased[0].capitalize()
    phrase = " ".join(cased)
    return f"the {phrase}" if toks[-1] in NOUNISH else f"the {phrase} dispute"


def distinctive_words(rows: list[dict], k: int = 40) -> dict[str, list[str]]:
    """Top-k words of each topic, by frequency in the topic times rarity across topics."""
    tf: dict[str, Counter] = {}
    for r in rows:
        tf.setdefault(r["topic"], Counter()).update(
            w for w in words(r["text"]) if len(w) > 3 and w not in STOPWORDS)
    df = Counter(w for c in tf.values() for w in c)
    n = len(tf)
    out = {}
    for t, c in tf.items():
        scored = sorted(c, key=lambda w: (-c[w] * math.log((n + 1) / df[w]), w))
        out[t] = scored[:k]
    return out


def background_paragraphs(articles_dir: Path, rows: list[dict], topics: list[str]) -> dict:
    """Narration paragraphs of the hand-written articles, for the topics they are about.

    A paragraph qualifies when it has no quote marks, no speech verb, no dateline, is 15-80
    words long and holds no statement of the article's gold file (if there is one). An article
    belongs to the topic whose distinctive words it shares most, by a clear margin.
    """
    out: dict[str, list[str]] = {t: [] for t in topics}
    if not articles_dir.is_dir():
        return out
    vocab = distinctive_words(rows)
    for path in sorted(articles_dir.glob("*.txt")):
        try:
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        except (OSError, UnicodeDecodeError):
            continue
        body = [ln for ln in lines[1:] if ln]
        if SPUN_RE.search("\n".join(lines)):  # a machine-reworded article: not as colour
            continue
        present = set(words(" ".join(lines)))
        scores = sorted(((sum(w in present for w in v), t) for t, v in vocab.items()),
                        reverse=True)
        if not scores:
            continue
        best, topic = scores[0]
        second = scores[1][0] if len(scores) > 1 else 0
        if topic not in out or best < 6 or best < second + 3:
            continue
        gold_texts: list[str] = []
        gold = path.with_name(path.stem + ".gold.json")
        if gold.is_file():
            try:
                g = json.loads(gold.read_text(encoding="utf-8"))
                gold_texts = [s.get("text", "") for s in g.get("statements", []) if s.get("text")]
            except (OSError, ValueError, AttributeError):
                gold_texts = []
        for p in body:
            n = len(p.split())
            if not 15 <= n <= 80 or any(ch in p for ch in QUOTE_CHARS) or SPEECH_RE.search(p):
                continue
            if re.match(r"^[A-Z][A-Z .'’-]{2,40},", p) or p[-1:] not in ".!?":
                continue  # a dateline or a fragment
            if re.match(r"^[A-Z][\w ]{0,20}:\s", p):
                continue  # a caption ("Photo: ...") or a label
            if any(r["text"] in p or p in r["text"] for r in rows if r["topic"] == topic):
                continue  # a paragraph that is itself a statement row
            if any(s in p or p in s for s in gold_texts):
                continue
            out[topic].append(p)
    return out


# --------------------------------------------------------------------------------------------
# rendering

def end_punct(text: str) -> str:
    """Text ending with a full stop (or ?/!), placed after any closing quote marks."""
    core = text.rstrip("\"”’»)' ")
    if core[-1:] in ".!?…":
        return text
    return text + "."


def nest_quotes(text: str, style: tuple[str, str, str, str]) -> str:
    """Inner quotations in a direct statement, in the outlet's nested marks."""
    _, _, n_open, n_close = style
    text = re.sub(r'"([^"]+)"', lambda m: n_open + m.group(1) + n_close, text)
    text = re.sub(r"“([^”]+)”", lambda m: n_open + m.group(1) + n_close, text)
    if n_open == "“":
        text = re.sub(r"‘([^’]+)’(?![a-z])", lambda m: "“" + m.group(1) + "”", text)
    return text


def is_person(speaker: str) -> bool:
    institution = re.search(r"\b(ministry|office|government|embassy|council|agency|army|forces|"
                            r"command|statement|spokes\w*|mission|delegation|committee|"
                            r"administration|authorities|department|service|media|"
                            r"commission|secretariat|military|navy|guard|presidency|kremlin|"
                            r"house|palace)\b", speaker, re.IGNORECASE)
    return speaker[:1].isupper() and not speaker.lower().startswith("the ") and not institution


def attribution(speaker: str, prev_speaker: str | None, weekday: str, rng: random.Random) -> str:
    who = "the " + speaker[4:] if speaker.startswith("The ") else speaker
    if prev_speaker == speaker:
        return f"{who} added."
    options = [f"{who} said.", f"{who} said.", f"{who} said on {weekday}.",
               f"{who} said in a statement."]
    if is_person(speaker):
        options += [f"{who} told reporters.", f"{who} told reporters on {weekday}."]
    return rng.choice(options)


def render_row(row: dict, style, prev_speaker, weekday, rng) -> str:
    text = row["text"]
    if row["kind"] == "reported":
        return end_punct(text[:1].upper() + text[1:])
    if text[:1] in QUOTE_CHARS:  # a quotation that already carries its attribution
        return end_punct(text)
    o, c = style[0], style[1]
    body = nest_quotes(text, style).rstrip()
    if body.endswith("...") or body[-1:] in "?!…":
        pass
    elif body[-1:] in ".;:":
        body = body[:-1] + ","
    else:
        body += ","
    return f"{o}{body}{c} {attribution(row['speaker'], prev_speaker, weekday, rng)}"


def fill(template: str, ctx: dict) -> str:
    s = template.format(**ctx)
    return s[:1].upper() + s[1:]


def stage(week: int) -> str:
    return "early" if week < 5 else "mid" if week < 11 else "late"


# --------------------------------------------------------------------------------------------
# selection

def label_weight(label: str, p: float) -> float:
    """Weight of a main-actor row of the crisis at progress p (0 = first week, 1 = last)."""
    if label in ("condemning", "requesting"):
        return 0.4 + 2.6 * p
    if label == "neutral":
        return 3.0 - 2.85 * p
    return 1.0


def draw(rng: random.Random, pool: list[dict], weights: list[float], k: int) -> list[dict]:
    """k rows drawn without replacement, with probability proportional to weight."""
    pool, weights = list(pool), list(weights)
    picked: list[dict] = []
    seen_texts: set[str] = set()
    while pool and len(picked) < k:
        i = rng.choices(range(len(pool)), weights=weights)[0]
        row = pool.pop(i)
        weights.pop(i)
        if row["text"] in seen_texts:
            continue
        seen_texts.add(row["text"])
        picked.append(row)
    return picked


def order_rows(rows: list[dict]) -> list[dict]:
    """A reported statement first (a news lead), then keep a speaker's quotes together."""
    lead = next((r for r in rows if r["kind"] == "reported"), rows[0])
    rest = [r for r in rows if r is not lead]
    out = [lead]
    while rest:
        same = next((r for r in rest if r["speaker"] == out[-1]["speaker"]), None)
        nxt = same if same is not None and rest.index(same) < 2 else rest[0]
        rest.remove(nxt)
        out.append(nxt)
    return out


def slugify(text: str, n: int = 8) -> str:
    ws = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    return "-".join(ws[:n])


# --------------------------------------------------------------------------------------------

def build(statements: Path, articles_dir: Path, out_dir: Path) -> None:
    for group in (*HEADLINES.values(), *NARRATION.values()):
        for template in group:
            if SPEECH_RE.search(template):
                sys.exit(f"template has a speech verb: {template!r}")
    rng = random.Random(SEED)
    all_rows = load_statements(statements)
    rows = [r for r in all_rows if usable(r)]
    counts = Counter(r["topic"] for r in all_rows if r["topic"])
    by_topic: dict[str, list[dict]] = {}
    for r in rows:
        by_topic.setdefault(r["topic"], []).append(r)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    topics = [t for t in ranked if len(by_topic.get(t, [])) >= 2 * MAX_STATEMENTS][:N_TOPICS]
    if len(topics) < N_TOPICS:
        sys.exit(f"{statements}: need {N_TOPICS} topics with at least {2 * MAX_STATEMENTS} usable "
                 f"rows, found {len(topics)}")
    crisis = topics[0]
    actor_counts = Counter(r["actor"] for r in by_topic[crisis] if r["actor"])
    main_actors = [a for a, _ in sorted(actor_counts.items(), key=lambda x: (-x[1], x[0]))[:3]]
    names = {t: topic_phrase(t, by_topic[t]) for t in topics}
    background = background_paragraphs(articles_dir, rows, topics)

    # schedule: the crisis grows from ~47% to ~72% of each week's articles (~60% overall)
    plan: list[tuple[int, str]] = []
    side_counts = [counts[t] for t in topics[1:]]
    for week in range(WEEKS):
        p = week / (WEEKS - 1)
        n_crisis = round(7.5 + 4 * p)
        plan += [(week, crisis)] * n_crisis
        n_side = PER_WEEK - n_crisis
        first = round(n_side * side_counts[0] / sum(side_counts))
        if week % 2:  # alternate the rounding so neither side topic is always ahead
            first = n_side - round(n_side * side_counts[1] / sum(side_counts))
        plan += [(week, topics[1])] * first + [(week, topics[2])] * (n_side - first)

    records = []
    texts_seen: set[str] = set()
    used_rows: list[list[dict]] = []
    for j, (week, topic) in enumerate(plan):
        p = week / (WEEKS - 1)
        first_of_week = j == 0 or plan[j - 1][0] != week  # so every week opens on its Monday
        pool = by_topic[topic]
        if topic == crisis:
            weights = [1.5 * label_weight(r["label"], p) if r["actor"] in main_actors else 1.0
                       for r in pool]
        else:
            weights = [1.0] * len(pool)
        for _attempt in range(100):
            offset = rng.randrange(7)
            day = START + dt.timedelta(days=7 * week + (0 if first_of_week else offset))
            outlet, outlet_slug, style = rng.choice(OUTLETS)
            wd = WEEKDAYS[day.weekday()]
            t = names[topic]
            ctx = {"T": t, "Tc": t[:1].upper() + t[1:], "C": names[crisis], "n": week + 1,
                   "ord": ORDINALS[min(week, len(ORDINALS) - 1)], "wd": wd,
                   "iso_ord": ORDINALS[min(day.isocalendar()[1], len(ORDINALS)) - 1]}
            st = stage(week) if topic == crisis else "side"
            title = fill(rng.choice(HEADLINES[st]), ctx)
            sents = rng.sample(NARRATION[st], rng.choice((1, 2)))
            sents += rng.sample(NARRATION["generic"], 1)
            rng.shuffle(sents)
            # name the topic in at most two sentences: more reads like a template
            named = [i for i, x in enumerate(sents) if "{T" in x]
            sents = [x for i, x in enumerate(sents) if i not in named[2:]]
            close = rng.choice(NARRATION["close"])
            sents += [close] if close else []
            narration = " ".join(fill(s, ctx) for s in sents)
            k = rng.randint(MIN_STATEMENTS, MAX_STATEMENTS)
            picked = order_rows(draw(rng, pool, weights, k))
            paras, prev = [], None
            for r in picked:
                paras.append(render_row(r, style, prev, wd, rng))
                prev = r["speaker"] if r["kind"] == "direct" else None
            bg = background.get(topic, [])
            if bg and len(paras) >= 3 and rng.random() < 0.4:
                paras.insert(rng.randint(1, len(paras) - 1), rng.choice(bg))
            text = "\n".join([title, narration, *paras])
            if text not in texts_seen:
                break
        else:
            sys.exit("could not make a unique article; add rows or templates")
        if SPEECH_RE.search(title + " " + narration):  # e.g. a topic name with "states"
            sys.exit(f"narration has a speech verb: {title!r} / {narration!r}")
        texts_seen.add(text)
        records.append({"date": day.isoformat(), "title": title, "source": outlet,
                        "outlet_slug": outlet_slug, "text": text, "topic": topic, "week": week})
        used_rows.append(picked)

    order = sorted(range(len(records)), key=lambda i: (records[i]["date"], i))
    out_dir.mkdir(parents=True, exist_ok=True)
    final = []
    for n, i in enumerate(order, start=1):
        r = records[i]
        ident = f"sample-{n:04d}"
        y, m, d = r["date"].split("-")
        url = f"https://example.org/{r['outlet_slug']}/{y}/{m}/{d}/{slugify(r['title'])}-{n:04d}"
        final.append(({"id": ident, "date": r["date"], "title": r["title"], "source": r["source"],
                       "url": url, "text": r["text"]}, r, used_rows[i]))

    corpus = out_dir / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8", newline="\n") as f:
        for rec, _, _ in final:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    check(corpus)
    demo = pick_demo(final, crisis)
    (out_dir / "article.txt").write_text(demo["text"] + "\n", encoding="utf-8", newline="\n")
    readme = make_readme(final, topics, crisis, main_actors, names, demo, background,
                         len(all_rows))
    (out_dir / "README.md").write_text(readme, encoding="utf-8", newline="\n")
    print_summary(final, topics, crisis, main_actors, demo, out_dir)


def check(corpus: Path) -> None:
    """Every line parses, has the fields, a valid date, a unique id and a unique text."""
    ids, texts = set(), set()
    with corpus.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            rec = json.loads(line)
            assert set(rec) == {"id", "date", "title", "source", "url", "text"}, n
            dt.date.fromisoformat(rec["date"])
            assert rec["id"] not in ids and rec["text"] not in texts, n
            assert rec["text"].split("\n", 1)[0] == rec["title"], n
            ids.add(rec["id"])
            texts.add(rec["text"])


def pick_demo(final, crisis: str) -> dict:
    """A late crisis article of about 500 words with several labels and actors."""
    def score(item):
        rec, meta, rows = item
        nw = len(rec["text"].split())
        labels = len({r["label"] for r in rows})
        actors = len({r["actor"] for r in rows if r["actor"]})
        kinds = len({r["kind"] for r in rows})
        return (abs(nw - 500) - 15 * min(labels, 4) - 10 * min(actors, 4) - 20 * kinds,
                rec["id"])
    pool = [x for x in final if x[1]["topic"] == crisis and x[1]["week"] >= 8] or final
    return min(pool, key=score)[0]


def label_shares(final, crisis, actors, weeks):
    c = Counter(r["label"] for _, m, rows in final if m["topic"] == crisis and m["week"] in weeks
                for r in rows if r["actor"] in actors)
    total = sum(c.values()) or 1
    return c, total


def make_readme(final, topics, crisis, main_actors, names, demo, background, n_rows) -> str:
    dates = sorted(rec["date"] for rec, _, _ in final)
    per_topic = Counter(m["topic"] for _, m, _ in final)
    per_week = {w: Counter(m["topic"] for _, m, _ in final if m["week"] == w)
                for w in range(WEEKS)}
    n_stmt = sum(len(rows) for _, _, rows in final)
    n_bg = sum(len(rec["text"].split("\n")) - 2 - len(rows) for rec, _, rows in final)
    sources = Counter(rec["source"] for rec, _, _ in final)
    L = []
    L.append("# Sample news corpus (demo)\n")
    L.append("`corpus.jsonl` is a small, synthetic news corpus for trying `stance corpus` and the "
             "plots: one article per line, as JSON with `id`, `date` (ISO 8601), `title`, "
             "`source`, `url` and `text` (headline on the first line, then one paragraph a "
             "line).\n")
    L.append("**It is a demo corpus, not an evaluation set.** The articles are assembled from "
             "the project's own annotated statements in `data/statements.csv` (the same rows the "
             "shipped model is trained on), so scores measured on it are meaningless. Outlets "
             f"({', '.join(sorted(sources))}) and URLs (`https://example.org/...`) are "
             "invented.\n")
    L.append("## How it is built\n")
    L.append("`python tools/build_sample_corpus.py` (stdlib only, no network, deterministic: "
             f"`random.Random({SEED})`) rebuilds `corpus.jsonl`, this README and `article.txt`. "
             "Re-run it after `data/statements.csv` changes; the counts below are those of the "
             "last build.\n")
    L.append(f"- Topics: the {N_TOPICS} topics with the most rows in `statements.csv`. The "
             f"biggest, `{crisis}`, is the evolving crisis (about 60% of the articles, growing "
             "from about half of each week's articles to about three quarters); "
             + ", ".join(f"`{t}`" for t in topics[1:]) + " share the rest.")
    L.append(f"- {WEEKS} weeks from {START.isoformat()}, {PER_WEEK} articles a week: the first "
             "on its Monday, the others on random days of the week.")
    L.append("- Each article: a headline and a paragraph of journalist narration written from "
             "templates (no speech verbs, so they hold no statements), then "
             f"{MIN_STATEMENTS}-{MAX_STATEMENTS} statement paragraphs, one row each, never the "
             "same row twice in an article. Only rows with a speaker are used, and rows showing "
             "artefacts of machine rewording (\"Overseas Minister\", \"mentioned\", \"used to "
             "be\") are left out so that the demo reads like news. A `reported` row "
             "is used as it is (a full stop added if missing); a `direct` row becomes a "
             "quotation with its attribution (“…,” Speaker said / told reporters / added), in "
             "the outlet's quote marks (“…”, \"…\" or ‘…’), unless it already carries its own "
             "quote marks and attribution. Lowercase direct fragments are left out.")
    L.append("- About 40% of the articles also get one background paragraph from "
             "`data/articles/*.txt`: narration only (no quote marks, no speech verbs, no gold "
             "statement), from an article whose vocabulary matches the topic"
             + (f" ({n_bg} paragraphs in all)." if n_bg else " (none matched in this build)."))
    L.append(f"- Crisis dynamics: rows of the crisis's main actors ({', '.join(main_actors)}) are "
             "drawn with label weights that change with the week: condemning and requesting "
             "from 0.4 to 3.0, neutral from 3.0 to 0.15, denying and justifying 1.0. Other rows "
             "have weight 1. Rows are reused across articles.\n")
    L.append("## Counts\n")
    L.append(f"{len(final)} articles, {dates[0]} to {dates[-1]}, {n_stmt} statement paragraphs "
             f"(drawn from {n_rows} rows in statements.csv at build time).\n")
    L.append("| topic | articles |\n|---|---|")
    for t in topics:
        L.append(f"| `{t}` ({names[t]}) | {per_topic[t]} |")
    L.append("")
    L.append("| week | starts | " + " | ".join(f"`{t}`" for t in topics) + " | total |")
    L.append("|---" * (len(topics) + 3) + "|")
    for w in range(WEEKS):
        start = START + dt.timedelta(days=7 * w)
        c = per_week[w]
        L.append(f"| {w + 1} | {start.isoformat()} | "
                 + " | ".join(str(c[t]) for t in topics) + f" | {sum(c.values())} |")
    L.append("")
    L.append(f"Labels of the main actors' statement paragraphs in the crisis (`{crisis}`, "
             f"{', '.join(main_actors)}), by four-week block (gold labels of the rows):\n")
    L.append("| weeks | " + " | ".join(LABELS) + " |")
    L.append("|---" * (len(LABELS) + 1) + "|")
    for b in range(0, WEEKS, 4):
        c, total = label_shares(final, crisis, main_actors, range(b, b + 4))
        L.append(f"| {b + 1}-{min(b + 4, WEEKS)} | "
                 + " | ".join(f"{100 * c[lab] / total:.0f}%" for lab in LABELS) + " |")
    L.append("")
    L.append("## Try it\n")
    L.append("```sh\n"
             "stance analyze data/sample/article.txt\n"
             "stance corpus data/sample/corpus.jsonl --out out/ --period week\n"
             f"stance plot timeseries out/timeseries.csv --actors {','.join(main_actors)} "
             "--out ts.png\n"
             "stance plot actors out/actors.csv --out actors.png\n"
             "```\n")
    L.append(f"`article.txt` is `{demo['id']}` of the corpus ({demo['date']}, {demo['source']}, "
             f"{len(demo['text'].split())} words).\n")
    return "\n".join(L)


def print_summary(final, topics, crisis, main_actors, demo, out_dir: Path) -> None:
    dates = sorted(rec["date"] for rec, _, _ in final)
    per_topic = Counter(m["topic"] for _, m, _ in final)
    print(f"wrote {out_dir / 'corpus.jsonl'}: {len(final)} articles, {dates[0]} to {dates[-1]}")
    for t in topics:
        tag = " (crisis)" if t == crisis else ""
        print(f"  {t}{tag}: {per_topic[t]} articles ({100 * per_topic[t] / len(final):.0f}%)")
    print(f"  statement paragraphs: {sum(len(rows) for _, _, rows in final)}")
    for b in range(0, WEEKS, 4):
        c, total = label_shares(final, crisis, main_actors, range(b, b + 4))
        print(f"  crisis weeks {b + 1:>2}-{b + 4:<2} {','.join(main_actors)}: "
              + " ".join(f"{lab[:4]} {100 * c[lab] / total:3.0f}%" for lab in LABELS))
    print(f"wrote {out_dir / 'article.txt'} ({demo['id']}, {len(demo['text'].split())} words) "
          f"and {out_dir / 'README.md'}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--statements", type=Path, default=ROOT / "data" / "statements.csv")
    ap.add_argument("--articles", type=Path, default=ROOT / "data" / "articles")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "sample")
    args = ap.parse_args(argv)
    build(args.statements, args.articles, args.out)


if __name__ == "__main__":
    main()
