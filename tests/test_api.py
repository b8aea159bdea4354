"""The package's public functions stay functions whatever submodules get imported."""

import subprocess
import sys

ROWS = [("We condemn this reckless strike.", "condemning"),
        ("The attack is a grave violation of the law.", "condemning"),
        ("We condemn the shelling of the city.", "condemning"),
        ("These reports are baseless.", "denying"), ("No such incident took place.", "denying"),
        ("We reject these false claims.", "denying"),
        ("Our drills are a legitimate response.", "justifying"),
        ("The measures are lawful and necessary.", "justifying"),
        ("We acted in self-defence.", "justifying"),
        ("We call on both sides to show restraint.", "requesting"),
        ("We urge them to lift the blockade.", "requesting"),
        ("We ask all parties to return to talks.", "requesting"),
        ("The ministers will meet next week.", "neutral"), ("Talks are ongoing.", "neutral"),
        ("The envoy arrived in Geneva on Monday.", "neutral")]


def test_train_twice_and_analyze_after_importing_submodules(tmp_path):
    """In a fresh interpreter: ``import stance.training`` (the submodule) must not replace
    ``stance.train`` (the function), and it can be called twice."""
    code = f"""
import stance
import stance.training, stance.pipeline, stance.model, stance.extraction
rows = {ROWS!r}
a = stance.train(rows, cv=False, out={str(tmp_path / 'a')!r})
b = stance.train(rows, cv=False)
assert callable(stance.train) and not isinstance(stance.train, type(stance))
text = 'The foreign minister said on Monday that the strikes were a grave violation.'
r = stance.analyze(text, model=a)
assert [s.text for s in stance.extract(text)] == [s.statement.text for s in r.statements]
assert callable(stance.analyze_many) and isinstance(stance.StanceModel, type)
assert a.predict(['We urge them to stop.']) == b.predict(['We urge them to stop.'])
print(len(r.statements), callable(stance.analyze))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n, ok = out.stdout.split()
    assert int(n) >= 1 and ok == "True"
