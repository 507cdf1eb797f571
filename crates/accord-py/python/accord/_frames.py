"""pandas frames of accord's results (pandas is optional: imported only here, when asked)."""

from __future__ import annotations


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "accord's frames need pandas (pip install pandas); the results themselves are "
            "plain dicts and lists"
        ) from e
    return pandas


def frontier_frame(analysis: dict, issues: list[str]):
    """The Pareto frontier of an ``analyze()`` result: one row per frontier outcome (in the
    frontier's order), a column per issue (its option: an id str or a number) and a column
    per frontier party (its utility in [0, 1]). A party whose id is also an issue id gets the
    column ``utility:<party>``."""
    pd = _pandas()
    parties = analysis["parties"]
    names = [f"utility:{p}" if p in issues else p for p in parties]
    rows = []
    for point in analysis["pareto"]:
        row = {i: point["terms"][i] for i in issues}
        row.update(zip(names, point["utilities"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=[*issues, *names])


#: The columns of ``tournament_frame``, in order.
TOURNAMENT_COLUMNS = [
    "job",
    "scenario",
    "lineup",
    "rotation",
    "repetition",
    "seed",
    "party",
    "strategy",
    "agreement",
    "rounds",
    "utility",
    "advantage",
    "welfare",
    "distance_to_pareto",
    "distance_to_nash",
    "walk_away",
    "opponents",
    "terms",
]


def tournament_frame(results: list[dict]):
    """A tournament's results (``accord.tournament(...)``) in long format: one row per
    negotiation and negotiator, with the negotiation's fields (``job``, ``scenario``,
    ``lineup``, ``rotation``, ``repetition``, ``seed``, ``agreement``, ``rounds``, ``welfare``,
    ``distance_to_pareto``, ``distance_to_nash``) and the negotiator's (``party``, its
    ``strategy`` spec, its ``utility`` of the ending and its ``advantage``: utility minus
    walk-away), then its ``walk_away``, its ``opponents`` (the other negotiators' strategies, in
    turn order, a list) and the agreed ``terms`` (``{issue id: option label}``, or None). Group
    by ``strategy`` to compare strategies. ``accord tournament --long FILE.csv`` writes the
    per-negotiator part of this table for files: the same rows, ``job`` named ``negotiation``
    there, without ``seed``, ``welfare`` and the two distances, opponents and terms as JSON
    text."""
    pd = _pandas()
    rows = []
    for r in results:
        for party, strategy in r["strategies"].items():
            rows.append(
                {
                    "job": r["job"],
                    "scenario": r["scenario"],
                    "lineup": r["lineup"],
                    "rotation": r["rotation"],
                    "repetition": r["repetition"],
                    "seed": r["seed"],
                    "party": party,
                    "strategy": strategy,
                    "agreement": r["agreement"],
                    "rounds": r["rounds"],
                    "utility": r["utilities"][party],
                    "advantage": r["advantages"][party],
                    "welfare": r["welfare"],
                    "distance_to_pareto": r["distance_to_pareto"],
                    "distance_to_nash": r["distance_to_nash"],
                    "walk_away": r.get("walk_aways", {}).get(
                        party, r["utilities"][party] - r["advantages"][party]
                    ),
                    "opponents": [s for q, s in r["strategies"].items() if q != party],
                    "terms": r.get("terms"),
                }
            )
    return pd.DataFrame(rows, columns=TOURNAMENT_COLUMNS)
