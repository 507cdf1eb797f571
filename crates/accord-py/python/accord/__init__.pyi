"""Type stubs of the `accord` package (the extension module `accord._accord` and the Python
helpers). Results are the CLI's `--json` as plain Python objects; their shapes are in
`../shared/spec/analysis.md` and each method's docstring."""

from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from typing import Any, Literal, Protocol

from . import negmas as negmas

__version__: str

Json = dict[str, Any]
#: An option: an option id (str) or a grid point of a numeric issue (int or float).
Option = str | int | float
#: Complete or partial terms: issue id -> option.
Terms = Mapping[str, Option]

class AccordError(Exception):
    """The base of every error accord raises."""

class ScenarioError(AccordError):
    """An invalid, unreadable or unusable scenario."""

    #: The findings, as `accord check --json` lists them under "diagnostics".
    diagnostics: list[Json]

class UsageError(AccordError):
    """An unknown id, a bad option, a what-if that does not apply, a refused analysis."""

    #: The what-ifs that do not apply (code "what-if"); empty otherwise.
    diagnostics: list[Json]

class NegotiatorError(AccordError):
    """Your negotiator raised (or answered out of contract) inside a tournament."""

    #: Its line-up name, `python:NAME`.
    negotiator: str
    #: The party it played.
    party: str
    #: The negotiation: its job number and scenario (as the configuration lists it).
    job: int
    scenario: str

class State:
    """What your negotiator sees when it acts."""

    step: int
    rounds: int
    relative_time: float
    party: str
    negotiators: list[str]
    walk_away: float
    offers: list[tuple[str, dict[str, Option]]]
    issues: dict[str, list[Option]]
    scenario: Scenario
    def utility(self, terms: Terms) -> float: ...
    def acceptable(self, terms: Terms) -> bool: ...
    def offers_since(self, start: int) -> list[tuple[str, dict[str, Option]]]: ...

class Negotiator(Protocol):
    """Your own negotiator: any object with these two methods."""

    def propose(self, state: State) -> Terms | None: ...
    def respond(self, state: State, offer: dict[str, Option]) -> Literal["accept", "reject", "end"]: ...

class Scenario:
    """A valid negotiation scenario; see the class docstring."""

    @staticmethod
    def load(path: str | PathLike[str]) -> Scenario: ...
    @staticmethod
    def from_text(text: str, name: str = "<text>") -> Scenario: ...
    @staticmethod
    def from_negmas(scenario: Any) -> Scenario: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def parties(self) -> list[str]: ...
    @property
    def issues(self) -> list[str]: ...
    @property
    def plans(self) -> list[str]: ...
    def options(self) -> dict[str, list[Option]]: ...
    def with_changes(
        self,
        set: Sequence[str] = ...,
        remove_red_line: Sequence[str] = ...,
        add_red_line: Sequence[str] = ...,
        open_term: Sequence[str] = ...,
    ) -> Scenario: ...
    def evaluate(
        self,
        plan: str | Sequence[str] | None = None,
        terms: Terms | None = None,
        parties: Sequence[str] | None = None,
    ) -> Json | list[Json]: ...
    def analyze(
        self,
        parties: Sequence[str] | None = None,
        distinct: bool = False,
        epsilon: float | None = None,
        method: Literal["auto", "enumerate", "merge"] | None = None,
        count: bool = False,
    ) -> Json: ...
    def improve(self, plan: str, top: int = 10) -> Json: ...
    def amend(self, plan: str, max_changes: int = 3, samples: int = 2000, seed: int = 1) -> Json: ...
    def robustness(
        self,
        plans: str | Sequence[str] | None = None,
        samples: int | None = None,
        precision: float | None = None,
        seed: int = 1,
        robust: bool = False,
        max_changes: int = 2,
        robust_samples: int = 2000,
    ) -> Json: ...
    def simulate(
        self,
        protocol: Literal["sao", "single-text", "drafted-then-ratified"] = "sao",
        strategies: Mapping[str, str | Negotiator | type] | None = None,
        negotiators: Sequence[str] | None = None,
        rounds: int | None = None,
        seed: int = 1,
        repeat: int = 1,
        drafters: Sequence[str] | None = None,
        consult: str | Sequence[str] | None = None,
        draft_protocol: Literal["sao", "single-text"] = "sao",
        consultations: int = 1,
        revisions: int = 3,
        pressure: float = 0.0,
        trace: bool = False,
        sample_preferences: bool = False,
        time_limit: float | None = None,
    ) -> Json: ...
    def report(
        self, format: Literal["md", "markdown", "html"] = "md", seed: int = 1, date: str | None = None
    ) -> str: ...
    def frontier_frame(
        self,
        parties: Sequence[str] | None = None,
        distinct: bool = False,
        epsilon: float | None = None,
        method: Literal["auto", "enumerate", "merge"] | None = None,
    ) -> Any: ...
    def _ufun_tables(self) -> list[Json]: ...
    def _utilities(self, party: str, limit: int = 1_000_000) -> list[float]: ...

def tournament(
    config: str | PathLike[str],
    shard: str | tuple[int, int] | None = None,
    strategies: Mapping[str, Negotiator | type | Callable[[], Negotiator]] | None = None,
    sample_preferences: bool = False,
    time_limit: float | None = None,
) -> list[Json]: ...
def tournament_frame(results: list[Json]) -> Any: ...
