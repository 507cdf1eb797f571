"""Your own negotiator inside accord's protocols."""

import sys

import accord
import pytest

from conftest import TOY


class Stubborn:
    """Offers one deal and accepts anything worth at least `floor` to it."""

    def __init__(self, floor=0.6):
        self.floor = floor
        self.states = []

    def propose(self, state):
        self.states.append(state)
        return {"border": "line_of_contact", "buffer": "narrow", "fund": 50}

    def respond(self, state, offer):
        self.states.append(state)
        return "accept" if state.utility(offer) >= self.floor else "reject"


def test_an_own_negotiator_runs_beside_a_built_in_one(toy):
    agent = Stubborn()
    r = toy.simulate(strategies={"west": agent, "east": "conceder"}, rounds=40, seed=2)
    assert r["strategies"] == {"west": "python:Stubborn", "east": "conceder"}
    run = r["runs"][0]
    assert run["agreement"] is not None
    # It agreed on something worth at least its floor, or on its own offer.
    evaluation = toy.evaluate(terms=run["agreement"])
    west = evaluation["parties"][0]["utility"]
    assert west >= 0.6 or run["agreement"] == {"border": "line_of_contact", "buffer": "narrow", "fund": 50}
    assert run["utilities"]["west"] == west


def test_the_state_shows_time_offers_and_its_own_utility_only(toy):
    agent = Stubborn(floor=2.0)  # never accepts
    toy.simulate(strategies={"west": agent, "east": "boulware"}, rounds=10, seed=1)
    first, last = agent.states[0], agent.states[-1]
    assert first.party == "west" and first.negotiators == ["west", "east"]
    assert first.step == 0 and first.rounds == 10
    assert first.relative_time == pytest.approx(1 / 11)
    assert last.step == 9 and last.relative_time == pytest.approx(10 / 11)
    assert first.walk_away == 0.35
    assert first.issues["fund"] == [0, 25, 50, 75, 100]
    whos = {who for who, _ in last.offers}
    assert whos == {"west", "east"}
    offers = last.offers
    assert len(offers) >= 10
    assert last.offers_since(0) == offers
    assert last.offers_since(3) == offers[3:]
    assert last.offers_since(len(offers)) == [] == last.offers_since(10**6)
    terms = {"border": "old_border", "buffer": "wide", "fund": 100}
    assert first.utility(terms) == toy.evaluate(terms=terms)["parties"][0]["utility"]
    assert first.acceptable(terms)
    assert not first.acceptable({"border": "river", "buffer": "wide", "fund": 100})
    assert first.scenario.id == "toy-border"
    assert "party=west" in repr(first)


def test_a_class_is_instantiated_for_each_run(toy):
    made = []

    class Fresh(Stubborn):
        def __init__(self):
            super().__init__()
            made.append(self)

    r = toy.simulate(strategies={"east": Fresh}, repeat=3, seed=1)
    assert len(made) == 3
    assert r["strategies"]["east"] == "python:Fresh"
    assert len(r["runs"]) == 3


def test_a_negotiator_that_ends_or_refuses_ends_the_negotiation(toy):
    class Quitter:
        def propose(self, state):
            return None

        def respond(self, state, offer):
            return "end"

    r = toy.simulate(strategies={"west": Quitter()}, seed=1)
    assert r["runs"][0]["agreement"] is None
    r = toy.simulate(strategies={"east": Quitter()}, seed=1)
    assert r["runs"][0]["agreement"] is None


def test_exceptions_inside_a_negotiator_surface_unchanged(toy):
    class Broken(Stubborn):
        def respond(self, state, offer):
            raise KeyError("my own bug")

    with pytest.raises(KeyError, match="my own bug") as caught:
        toy.simulate(strategies={"east": Broken()})
    if sys.version_info >= (3, 11):  # exception notes (PEP 678)
        assert caught.value.__notes__ == [
            "raised by the negotiator of party `east` in accord's simulation"
        ]

    class BadAnswer(Stubborn):
        def respond(self, state, offer):
            return "maybe"

    with pytest.raises(ValueError, match="maybe"):
        toy.simulate(strategies={"east": BadAnswer()})

    class NotAString(Stubborn):
        def respond(self, state, offer):
            return 1

    with pytest.raises(TypeError, match="accept"):
        toy.simulate(strategies={"east": NotAString()})

    class BadOffer(Stubborn):
        def propose(self, state):
            return {"border": "sea", "buffer": "wide", "fund": 0}

    with pytest.raises(ValueError, match="no option") as caught:
        toy.simulate(strategies={"west": BadOffer()})
    # Whose offer, when, and what the issue's options are.
    message = str(caught.value)
    assert "the negotiator of `west` proposed unusable terms in round 0" in message, message
    assert "issue `border` has no option `sea`; its options: `old_border`, `line_of_contact`, `river`" in message, message

    class LabelNotId(Stubborn):
        def propose(self, state):
            return {"border": "The river, further west", "buffer": "narrow", "fund": 50}

    with pytest.raises(ValueError, match="it is the label of option `river`: terms name options by id"):
        toy.simulate(strategies={"west": LabelNotId()})

    class BadNumber(Stubborn):
        def propose(self, state):
            return {"border": "river", "buffer": "narrow", "fund": 7}

    with pytest.raises(ValueError, match="issue `fund` has no option 7; its options: 0, "):
        toy.simulate(strategies={"west": BadNumber()})

    class OpenOffer(Stubborn):
        def propose(self, state):
            return {"border": "river"}

    with pytest.raises(ValueError, match="open"):
        toy.simulate(strategies={"west": OpenOffer()})

    class NotADict(Stubborn):
        def propose(self, state):
            return ["river"]

    with pytest.raises(TypeError, match="dict"):
        toy.simulate(strategies={"west": NotADict()})


def test_own_negotiators_run_in_single_text_too(toy):
    r = toy.simulate(protocol="single-text", strategies={"west": Stubborn(0.0), "east": "linear"}, seed=1)
    assert r["protocol"] == "single-text"
