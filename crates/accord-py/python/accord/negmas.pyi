from typing import Any

from . import Scenario

RED_LINE: float
MAPPING_LIMIT: int

def to_negmas(s: Scenario, parties: list[str] | None = None) -> Any: ...
def from_negmas(ns: Any) -> Scenario: ...
def wrap(negotiator: Any, *args: Any, **kwargs: Any) -> type: ...
