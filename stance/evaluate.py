"""Measuring the model and the whole flow.

* :func:`evaluate_statements`: per-label precision/recall/F1, macro-F1 and the confusion matrix
  of a model on labelled statements.
* :func:`evaluate_articles`: the whole flow against gold articles: statement
  precision/recall/F1 (a predicted statement matches a gold one when their spans overlap by at
  least half of the shorter), actor and label accuracy on matched statements, and the share of
  gold actors whose aggregate stance is right (the gold's ``aggregate`` or ``aggregate_alt``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stance.errors import InputError
from stance.labels import LABELS


def evaluate_statements(model, rows: list[dict[str, str]]) -> dict[str, Any]:
    """Scores of ``model`` on labelled rows (``text``, ``label``)."""
    from stance.training import _scores

    pred = model.predict([r["text"] for r in rows])
    return {"rows": len(rows), **_scores([r["label"] for r in rows], pred)}


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    gold: dict


def load_gold_articles(directory: str | Path) -> list[GoldArticle]:
    """Articles ``NAME.txt`` with their ``NAME.gold.json``, sorted by name."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError(f"{d}: not a directory of gold articles")
    out = []
    for gold_path in sorted(d.glob("*.gold.json")):
        txt = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        if not txt.is_file():
            raise InputError(f"{gold_path}: no matching {txt.name}")
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise InputError(f"{gold_path}: malformed JSON ({e})") from None
        out.append(GoldArticle(txt.stem, txt.read_text(encoding="utf-8"), gold))
    if not out:
        raise InputError(f"{d}: no *.gold.json files")
    return out


def _gold_spans(text: str, statements: list[dict]) -> list[tuple[int, int]]:
    spans = []
    for s in statements:
        i = text.find(s["text"])
        spans.append((i, i + len(s["text"])) if i >= 0 else (-1, -1))
    return spans


def _overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter >= shorter / 2


def match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of predicted to gold spans by overlap size."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if _overlap_ok(p, g):
                cands.append((min(p[1], g[1]) - max(p[0], g[0]), i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def evaluate_articles(directory: str | Path, model=None) -> dict[str, Any]:
    """Whole-flow scores on a directory of gold articles (see the module docstring)."""
    from stance.pipeline import analyze, default_model

    model = model if model is not None else default_model()
    tp = n_pred = n_gold = 0
    actor_ok = label_ok = 0
    agg_ok = agg_n = 0
    per_article = []
    for art in load_gold_articles(directory):
        res = analyze(art.text, model, source=art.id)
        gold = art.gold["statements"]
        gspans = _gold_spans(art.text, gold)
        pspans = [(s.statement.start, s.statement.end) for s in res.statements]
        pairs = match(pspans, gspans)
        a_ok = sum(res.statements[i].statement.actor == gold[j].get("actor") for i, j in pairs)
        l_ok = sum(res.statements[i].label in (gold[j]["label"], gold[j].get("alt"))
                   for i, j in pairs)
        got = {a.actor: a.stance for a in res.actors}
        alt = art.gold.get("aggregate_alt", {})
        g_ok = sum(got.get(k) in (v, alt.get(k)) for k, v in art.gold.get("aggregate", {}).items())
        tp += len(pairs)
        n_pred += len(pspans)
        n_gold += len(gspans)
        actor_ok += a_ok
        label_ok += l_ok
        agg_ok += g_ok
        agg_n += len(art.gold.get("aggregate", {}))
        per_article.append({"article": art.id, "gold": len(gspans), "predicted": len(pspans),
                            "matched": len(pairs), "actor_correct": a_ok, "label_correct": l_ok,
                            "aggregate_correct": g_ok,
                            "aggregate_total": len(art.gold.get("aggregate", {}))})
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "articles": len(per_article),
        "statements": {"gold": n_gold, "predicted": n_pred, "matched": tp,
                       "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        "actor_accuracy": round(actor_ok / tp, 4) if tp else 0.0,
        "label_accuracy": round(label_ok / tp, 4) if tp else 0.0,
        "aggregate_accuracy": round(agg_ok / agg_n, 4) if agg_n else 0.0,
        "per_article": per_article,
    }


def plot_confusion(matrix: list[list[int]], path: str | Path, title: str = "") -> None:
    """Save a confusion-matrix heat map as PNG (needs the ``plot`` extra: matplotlib)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(LABELS)), LABELS, rotation=30, ha="right")
    ax.set_yticks(range(len(LABELS)), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            # black or white, whichever contrasts more with the cell: legible on every cell
            # (one of the two always reaches 4.5:1, WCAG's level for text)
            cell = relative_luminance(image.cmap(image.norm(v)))
            ax.text(j, i, str(v), ha="center", va="center", fontsize=10,
                    color="black" if (cell + 0.05) / 0.05 >= 1.05 / (cell + 0.05) else "white")
    ax.set_title(title or "confusion matrix")
    fig.tight_layout()
    _save(fig, path)


def relative_luminance(rgb) -> float:
    """WCAG relative luminance of an RGB(A) colour with channels in 0..1."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("plots need matplotlib: pip install 'stance[plot]'") from None
    return plt


def _save(fig, path) -> None:
    import os
    import tempfile

    from stance.textio import file_mode

    p = Path(path)
    fd, tmp = tempfile.mkstemp(dir=p.parent if str(p.parent) else ".", suffix=".png")
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=120, bbox_inches="tight")  # nothing cut: legends, titles
        os.chmod(tmp, file_mode())  # the umask's mode, not mkstemp's 0600
        os.replace(tmp, p)
    except OSError as e:
        raise InputError(f"{p}: cannot write ({e.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        _pyplot().close(fig)
