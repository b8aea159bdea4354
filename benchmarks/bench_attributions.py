"""Statement finding and speakers on real news: PolNeAR's train split (issue 7).

    python benchmarks/bench_attributions.py [../shared/polnear/train]

Prints speech recall, recall (all), precision, speech precision and speaker accuracy as
../shared/polnear/README.md defines them (the same figures as
`stance evaluate --attributions DIR`), and the CPU time per article of finding statements.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from stance.attributions import evaluate_attributions


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else
                Path(__file__).resolve().parents[2] / "shared" / "polnear" / "train")
    if not root.is_dir():
        sys.exit(f"{root}: not found (PolNeAR lives in ../shared/polnear beside the project)")
    t0 = time.process_time()
    r = evaluate_attributions(root)
    cpu = time.process_time() - t0
    c = r["counts"]
    print(f"PolNeAR train: {r['documents']} articles, {c['gold_speech']} speech attributions")
    for key in ("speech_recall", "recall", "precision", "speech_precision", "speaker_accuracy",
                "content_f1", "well_bounded"):
        print(f"  {key:<17} {r[key]:.3f}")
    print(f"  {cpu / r['documents'] * 1000:.1f} ms CPU per article (extract + speakers + actors)")


if __name__ == "__main__":
    main()
