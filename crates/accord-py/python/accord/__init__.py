"""accord: model, analyze and simulate multi-party, multi-issue negotiations.

The engine of the ``accord`` command line, in Python: every result equals the CLI's ``--json``
output as Python objects.

    import accord
    s = accord.Scenario.load("examples/toy-border.toml")   # or a Genius / GeniusWeb domain
    s.analyze()["solutions"]["nash"]
    s.simulate(strategies={"west": "boulware", "east": MyNegotiator()})
    accord.tournament("tournament.toml", strategies={"mine": MyNegotiator})  # python:mine

Errors are ``accord.ScenarioError`` (invalid scenario; ``.diagnostics``) and
``accord.UsageError`` (unknown id, bad option), both ``accord.AccordError``; your negotiator's
failure in a tournament is ``accord.NegotiatorError`` (also an ``AccordError``). NegMAS interop is in
``accord.negmas`` (needs ``negmas``); frames need ``pandas``.
"""

from accord._accord import (
    AccordError,
    NegotiatorError,
    Scenario,
    ScenarioError,
    State,
    UsageError,
    __version__,
    tournament,
)
from accord._frames import tournament_frame

__all__ = [
    "AccordError",
    "NegotiatorError",
    "Scenario",
    "ScenarioError",
    "State",
    "UsageError",
    "__version__",
    "negmas",
    "tournament",
    "tournament_frame",
]


def __getattr__(name):
    # `accord.negmas` without importing NegMAS (or the module) before it is used.
    if name == "negmas":
        import importlib

        return importlib.import_module("accord.negmas")
    raise AttributeError(f"module 'accord' has no attribute {name!r}")
