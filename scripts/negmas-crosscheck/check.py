#!/usr/bin/env python3
"""Check detente's Nash point and Pareto frontier against an independent library.

The reduced problem in pair.toml (two principals, two issues) is solved on the same grid
(11 points per issue) by negmas (pip install negmas), and by a plain brute force written
here, and compared with what `detente run pair.toml --json` reports in its analysis.
Usage: python3 scripts/negmas-crosscheck/check.py [path/to/detente]
Exit status 0 when everything agrees.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
from negmas import make_issue  # noqa: E402
from negmas.outcomes import make_os  # noqa: E402
from negmas.preferences import LinearAdditiveUtilityFunction  # noqa: E402
from negmas.preferences.ops import nash_points, pareto_frontier  # noqa: E402
from negmas.preferences.value_fun import TableFun  # noqa: E402

here = pathlib.Path(__file__).resolve().parent
detente = sys.argv[1] if len(sys.argv) > 1 else "detente"

with tempfile.TemporaryDirectory() as tmp:
    result = pathlib.Path(tmp) / "r.json"
    subprocess.run([detente, "run", str(here / "pair.toml"), "--quiet", "--json", str(result)],
                   check=True, stdout=subprocess.DEVNULL)
    plain = json.loads(result.read_text())["analysis"]["start"]["plain"]

# The same utilities: u = sum of salience * (1 - |x - ideal| / range), security = u(status quo).
poland = [round(i / 10, 10) for i in range(11)]
loan = [float(i) for i in range(11)]
space = make_os([make_issue(values=poland, name="poland"), make_issue(values=loan, name="loan")])


def ufun(ideal, weights):
    values = [TableFun({x: 1 - abs(x - ideal[0]) / 1.0 for x in poland}),
              TableFun({x: 1 - abs(x - ideal[1]) / 10.0 for x in loan})]
    u = LinearAdditiveUtilityFunction(values=values, weights=weights, outcome_space=space)
    u.reserved_value = float(u((0.1, 0.0)))
    return u


stalin, truman = ufun((0.05, 7.0), [0.7, 0.3]), ufun((0.9, 1.0), [0.6, 0.4])
outcomes = list(space.enumerate())
frontier, index = pareto_frontier([stalin, truman], outcomes=outcomes)
(nash_utils, k), = nash_points([stalin, truman], frontier, outcome_space=space)
negmas_nash = outcomes[index[k]]

# Brute force, independent of both: the packages no other package dominates.
u = [(stalin(o), truman(o)) for o in outcomes]
undominated = [o for o, (a, b) in zip(outcomes, u)
               if not any(c >= a and d >= b and (c > a or d > b) for c, d in u)]

ok = True
detente_nash = (plain["nash"]["positions"]["poland"], plain["nash"]["positions"]["loan"])
print(f"Nash package: detente {detente_nash}, negmas {negmas_nash}")
ok &= all(abs(a - b) < 1e-9 for a, b in zip(detente_nash, negmas_nash))
detente_utils = (plain["nash"]["utility"]["stalin"], plain["nash"]["utility"]["truman"])
print(f"Nash utilities: detente {tuple(round(x, 4) for x in detente_utils)}, "
      f"negmas {tuple(round(float(x), 4) for x in nash_utils)}")
ok &= all(abs(a - float(b)) < 1e-9 for a, b in zip(detente_utils, nash_utils))
print(f"Pareto frontier: detente {plain['frontier_size']} packages, brute force {len(undominated)}")
ok &= plain["frontier_size"] == len(undominated)
# negmas lists only the frontier packages it deems rational; every one must be detente's too.
print(f"negmas frontier packages (its rational ones): {len(frontier)}, all on the brute-force frontier: "
      f"{all(outcomes[i] in undominated for i in index)}")
ok &= all(outcomes[i] in undominated for i in index)
print("agree" if ok else "DISAGREE")
sys.exit(0 if ok else 1)
