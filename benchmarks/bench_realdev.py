"""Real-text scores of several models side by side: stance models and the fastText peer.

Run: python benchmarks/bench_realdev.py [--model DIR ...] [--trust-pickle] [--no-fasttext]
Each model (default: the shipped one) and fastText trained on data/statements.csv (peers.py)
are scored by the same function as `stance evaluate --realdev`: strict and lenient macro-F1
with 95 % bootstrap intervals over articles. Needs ../shared/polnear and data/realdev.
To score an older model kept as joblib: `git show REV:models/stance.joblib > old/stance.joblib`
(and its stance.json), then `--model old --trust-pickle`.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append", default=None)
    ap.add_argument("--trust-pickle", action="store_true")
    ap.add_argument("--no-fasttext", action="store_true")
    args = ap.parse_args()
    from peers import FastTextPeer, fasttext_available

    from stance import realdev as rd
    from stance.model import StanceModel

    why = rd.unavailable()
    if why:
        sys.exit(why)
    items = rd.read_items()
    models = [(m or "shipped", StanceModel.load(m, trust_pickle=args.trust_pickle))
              for m in (args.model or [None])]
    if not args.no_fasttext and fasttext_available():
        models.append(("fastText (same data)", FastTextPeer()))
    print(f"{len(items)} statements, {len({it.file for it in items})} articles")
    print(f"{'model':<32}{'strict macro-F1 [95% CI]':>28}{'lenient macro-F1 [95% CI]':>30}")
    for name, m in models:
        r = rd.evaluate(m, items=items)
        cell = [f"{r[k]['macro_f1']:.3f} [{r[k]['interval95'][0]:.3f}, "
                f"{r[k]['interval95'][1]:.3f}]" for k in ("strict", "lenient")]
        print(f"{name:<32}{cell[0]:>28}{cell[1]:>30}")


if __name__ == "__main__":
    main()
