"""NegMAS both ways, with the real negmas==0.16.0: frontiers and Nash points agree, round
trips keep every utility, and NegMAS's own negotiators reach the same agreement in the same
number of steps on accord's SAO as on NegMAS's SAOMechanism."""

import itertools
import random

import accord
import pytest

from conftest import GENIUS, TOY

negmas = pytest.importorskip("negmas")
import accord.negmas as an  # noqa: E402
from negmas.sao import SAOMechanism  # noqa: E402
from negmas.sao.negotiators import (  # noqa: E402
    AspirationNegotiator,
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
    MiCRONegotiator,
)

# Two-party Genius domains, the two sides (each folder also holds uncertain variants).
PAIRS = {
    "Laptop": ["laptop_buyer_utility", "laptop_seller_utility"],
    "ItexvsCypress": ["itexvscypress_cypress", "itexvscypress_itex"],
    "EnglandZimbabwe": ["england", "zimbabwe"],
    "Camera": ["camera_buyer_utility", "camera_seller_utility"],
    "Grocery": ["grocery_domain_mary50", "grocery_domain_sam100"],
}


def _load(name):
    return accord.Scenario.load(GENIUS / name)


def _key(us):
    return tuple(round(float(u), 9) for u in us)


@pytest.mark.parametrize("domain", sorted(PAIRS))
def test_negmas_frontier_and_nash_equal_accords_analysis(domain):
    s, parties = _load(domain), PAIRS[domain]
    ns = an.to_negmas(s, parties=parties)
    outcomes = list(ns.outcome_space.enumerate())
    frontier, _ = negmas.pareto_frontier(ns.ufuns, outcomes=outcomes)
    nash = negmas.nash_points(ns.ufuns, frontier, outcome_space=ns.outcome_space)
    a = s.analyze(parties=parties)
    walk = [u.reserved_value for u in ns.ufuns]
    # The rational part of accord's frontier (NegMAS keeps one outcome per utility vector).
    ours = {
        _key(p["utilities"])
        for p in a["pareto"]
        if all(u >= w - 1e-9 for u, w in zip(p["utilities"], walk))
    }
    assert ours == {_key(p) for p in frontier}
    assert [float(u) for u in nash[0][0]] == pytest.approx(a["solutions"]["nash"]["utilities"], abs=1e-12)


@pytest.mark.parametrize("domain", sorted(PAIRS))
def test_a_round_trip_keeps_every_utility(domain):
    s = _load(domain)
    ns = an.to_negmas(s)
    back = accord.Scenario.from_negmas(ns)
    ns2 = an.to_negmas(back)
    assert len(ns2.ufuns) == len(ns.ufuns)
    for o, o2 in zip(ns.outcome_space.enumerate(), ns2.outcome_space.enumerate()):
        for u, u2 in zip(ns.ufuns, ns2.ufuns):
            assert abs(u(o) - u2(o2)) <= 1e-12
    for u, u2 in zip(ns.ufuns, ns2.ufuns):
        assert u.reserved_value == pytest.approx(u2.reserved_value, abs=1e-12)


def test_red_lines_and_interactions_survive_the_trip():
    s = accord.Scenario.load(TOY)
    ns = an.to_negmas(s)
    west, east, mediator = ns.ufuns
    assert type(east).__name__ == "MappingUtilityFunction"  # east has an interaction
    river = {"border": "river", "buffer": "wide", "fund": 100}
    outcome = tuple(river[i] for i in s.issues)
    assert west(outcome) < west.reserved_value  # a red line: never acceptable
    assert east(outcome) == s.evaluate(terms=river)["parties"][1]["utility"]
    back = accord.Scenario.from_negmas(ns)
    ns2 = an.to_negmas(back)
    for o, o2 in zip(ns.outcome_space.enumerate(), ns2.outcome_space.enumerate()):
        for u, u2 in zip(ns.ufuns, ns2.ufuns):
            assert abs(u(o) - u2(o2)) <= 1e-12
    # Accord reads the red line back.
    assert "west" in back.parties
    assert back.evaluate(terms={"border": "river"})["parties"][0]["red_lines_crossed"]


def test_from_negmas_maps_other_scales_affinely_and_refuses_what_it_cannot_read():
    from negmas.outcomes import make_issue, make_os
    from negmas.inout import Scenario as NegmasScenario
    from negmas.preferences import ConstUtilityFunction, LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    os = make_os([make_issue(["a", "b", "c"], name="x"), make_issue([1, 2], name="y")])
    u = LinearAdditiveUtilityFunction(
        values=[TableFun({"a": 0.0, "b": 5.0, "c": 10.0}), TableFun({1: 2.0, 2: 4.0})],
        weights=[1.0, 2.0],
        outcome_space=os,
        reserved_value=6.0,
        name="buyer",
    )
    s = accord.Scenario.from_negmas(NegmasScenario(outcome_space=os, ufuns=(u,)))
    ours = an.to_negmas(s).ufuns[0]
    outcomes = list(os.enumerate())
    lo, hi = 4.0, 18.0  # the raw range: u' = (u - 4) / 14
    for o, o2 in zip(outcomes, an.to_negmas(s).outcome_space.enumerate()):
        assert ours(o2) == pytest.approx((u(o) - lo) / (hi - lo), abs=1e-12)
    assert ours.reserved_value == pytest.approx((6.0 - lo) / (hi - lo), abs=1e-12)
    c = ConstUtilityFunction(0.5, outcome_space=os)
    with pytest.raises(accord.UsageError, match="ConstUtilityFunction"):
        accord.Scenario.from_negmas(NegmasScenario(outcome_space=os, ufuns=(c,)))


@pytest.mark.parametrize("domain", ["Laptop", "EnglandZimbabwe"])
def test_reserved_values_are_walk_aways_and_utilities_accords(domain):
    s, parties = _load(domain), PAIRS[domain]
    ns = an.to_negmas(s, parties=parties)
    assert [u.name for u in ns.ufuns] == parties
    outcome = next(iter(ns.outcome_space.enumerate()))
    terms = dict(zip(s.issues, outcome))
    evaluation = {p["party"]: p for p in s.evaluate(terms=terms)["parties"]}
    for u, party in zip(ns.ufuns, parties):
        assert u.reserved_value == evaluation[party]["walk_away"]
        assert u(outcome) == pytest.approx(evaluation[party]["utility"], abs=1e-12)


def test_the_docs_say_how_red_lines_are_carried():
    for doc in (an.__doc__, an.to_negmas.__doc__):
        assert "red line" in doc.lower()
    assert "RED_LINE" in an.__doc__ and an.RED_LINE < -1


def test_to_negmas_names_an_unknown_party():
    with pytest.raises(accord.UsageError, match="laptop_buyer_utility"):
        an.to_negmas(_load("Laptop"), parties=["laptop_buyer"])


PAIRINGS = [
    (BoulwareTBNegotiator, ConcederTBNegotiator),
    (ConcederTBNegotiator, BoulwareTBNegotiator),
    (LinearTBNegotiator, BoulwareTBNegotiator),
    (AspirationNegotiator, ConcederTBNegotiator),
    (MiCRONegotiator, BoulwareTBNegotiator),
    (MiCRONegotiator, MiCRONegotiator),
]


@pytest.mark.parametrize("domain", ["ItexvsCypress", "EnglandZimbabwe", "Camera"])
@pytest.mark.parametrize("first,second", PAIRINGS, ids=lambda c: c.__name__)
def test_wrapped_negmas_negotiators_match_saomechanism(domain, first, second):
    s, parties = _load(domain), PAIRS[domain]
    ns = an.to_negmas(s, parties=parties)
    # MiCRO repeats a random one of its past offers (Python's `random`): seeded alike, both
    # runs draw the same.
    random.seed(7)
    m = SAOMechanism(outcome_space=ns.outcome_space, n_steps=60)
    m.add(first(), ufun=ns.ufuns[0])
    m.add(second(), ufun=ns.ufuns[1])
    state = m.run()
    random.seed(7)
    r = s.simulate(
        strategies={parties[0]: an.wrap(first), parties[1]: an.wrap(second)},
        negotiators=parties,
        rounds=60,
    )
    run = r["runs"][0]
    assert r["strategies"][parties[0]] == f"python:negmas.{first.__name__}"
    if state.agreement is None:
        assert run["agreement"] is None
    else:
        assert tuple(run["agreement"][i] for i in s.issues) == tuple(state.agreement)
    assert run["rounds"] == state.step


def test_an_own_negotiator_meets_negmas_aspiration_on_accords_sao():
    s, parties = _load("ItexvsCypress"), PAIRS["ItexvsCypress"]

    class HalfWay:
        """Asks for its best outcome, then accepts anything above its walk-away halfway in."""

        def propose(self, state):
            options = state.issues
            best = max(
                (dict(zip(options, combo)) for combo in itertools.product(*options.values())),
                key=state.utility,
            )
            return best

        def respond(self, state, offer):
            return "accept" if state.relative_time > 0.5 and state.acceptable(offer) else "reject"

    r = s.simulate(
        strategies={parties[0]: HalfWay(), parties[1]: an.wrap(AspirationNegotiator)},
        negotiators=parties,
        rounds=50,
    )
    run = r["runs"][0]
    assert run["agreement"] is not None
    # Whether it accepted or its own offer was accepted, it got at least its walk-away.
    mine = s.evaluate(terms=run["agreement"])["parties"][s.parties.index(parties[0])]
    assert run["utilities"][parties[0]] == mine["utility"] >= mine["walk_away"]


def test_a_bare_negmas_negotiator_is_refused_with_the_way_to_wrap_it(toy):
    from negmas import AspirationNegotiator

    for bare in (AspirationNegotiator, AspirationNegotiator()):
        with pytest.raises(accord.UsageError, match=r"is a NegMAS negotiator: run it in accord through `accord\.negmas\.wrap\(AspirationNegotiator\)`"):
            toy.simulate(strategies={"west": bare}, rounds=10)


def test_wrap_refuses_what_is_not_a_negmas_negotiator_class_or_factory():
    from negmas import AspirationNegotiator

    with pytest.raises(TypeError, match="not the class dict"):
        an.wrap(dict)
    with pytest.raises(TypeError, match=r"not an instance \(AspirationNegotiator\)"):
        an.wrap(AspirationNegotiator())
    with pytest.raises(TypeError, match="class or a factory"):
        an.wrap(42)


def test_a_round_trip_keeps_the_ids():
    # Ids with capitals and hyphens (valid accord ids) come back unchanged; a NegMAS name that
    # is no id is made one.
    s = accord.Scenario.from_text(
        """format = "accord/1"
[scenario]
id = "trip-1"
title = "Ids"
[areas.all]
title = "All"
[issues.Fish-Quota]
area = "all"
title = "Quota"
options = [{ id = "Low-1" }, { id = "high" }]
[parties.North-West]
name = "North-West"
walk_away = 0.2
[parties.North-West.weights]
Fish-Quota = 1
[parties.North-West.scores.Fish-Quota]
Low-1 = 1.0
high = 0.0
[parties.east]
name = "East"
walk_away = 0.3
[parties.east.weights]
Fish-Quota = 1
[parties.east.scores.Fish-Quota]
Low-1 = 0.0
high = 1.0
"""
    )
    back = accord.Scenario.from_negmas(an.to_negmas(s))
    assert back.parties == s.parties
    assert back.issues == s.issues
    assert back.options() == s.options()
    assert back.id == "trip-1"
    from negmas.inout import Scenario as NegmasScenario
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    os = make_os([make_issue(values=["a b", "c"], name="Price (EUR)")])
    u = LinearAdditiveUtilityFunction(values=[TableFun({"a b": 1.0, "c": 0.0})], weights=[1.0],
                                      outcome_space=os, name="Buyer A")
    odd = accord.Scenario.from_negmas(NegmasScenario(outcome_space=os, ufuns=(u,)))
    assert odd.parties == ["buyer_a"]
    assert odd.issues == ["price_eur"]
    assert list(odd.options().values()) == [["a_b", "c"]]
    shouted = NegmasScenario(outcome_space=os, ufuns=(u,), name="Big-Deal")
    assert accord.Scenario.from_negmas(shouted).id == "big-deal"
