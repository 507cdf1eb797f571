"""NegMAS interop, both ways (needs ``negmas``, imported only when a function here is called).

- ``to_negmas(s, parties=None)``: an accord scenario as a ``negmas.inout.Scenario``.
- ``from_negmas(ns)`` (also ``accord.Scenario.from_negmas``): the reverse.
- ``wrap(negotiator)``: a NegMAS SAO negotiator as an accord negotiator, to run inside
  accord's protocols (``Scenario.simulate(strategies={"west": wrap(AspirationNegotiator())})``).

**How utilities map.** A party's NegMAS utility function is linear-additive with weight 1 per
issue and per-option values ``share × score`` (accord's weight share ``w/W`` times the option's
score, so the sum is accord's utility exactly), reserved value = the party's walk-away (the
midpoint of an interval). A party with interactions gets a ``MappingUtilityFunction`` over
every outcome instead (at most ``MAPPING_LIMIT`` outcomes).

**Red lines.** An option that crosses one of the party's red lines gets the value ``RED_LINE``
(-2): every other issue together adds at most 1, so any outcome that crosses a red line is
rated below -1, below every reserved value in [0, 1], and NegMAS never counts it as acceptable
to that party (its ``pareto_frontier`` drops it, as accord's agreements exclude it). In a
mapping utility function such an outcome is rated ``RED_LINE`` itself. ``from_negmas`` reads
a value at or below ``RED_LINE`` back as a red line.
"""

from __future__ import annotations

import re
from typing import Any

#: The value of an option that crosses a party's red line (see the module docs).
RED_LINE = -2.0

#: The most outcomes a mapping utility function (a party with interactions) is built for.
MAPPING_LIMIT = 1_000_000


def _negmas():
    try:
        import negmas
    except ImportError as e:
        raise ImportError(
            "accord.negmas needs NegMAS: pip install negmas==0.16.0"
        ) from e
    return negmas


def _outcome_space(s, name=None):
    from negmas.outcomes import make_issue, make_os

    options = s.options()
    issues = [make_issue(values=list(values), name=issue) for issue, values in options.items()]
    return make_os(issues, name=name or s.id), options


def to_negmas(s, parties: list[str] | None = None):
    """The scenario as a ``negmas.inout.Scenario``: the outcome space (one issue per accord
    issue, its options as values: option ids as str, grid points as numbers) and one utility
    function per party with preferences (or per id in ``parties``, in that order), reserved
    value = walk-away. See the module docs for the utility functions and red lines.

    Raises ``accord.UsageError`` for an unknown party id or a party with interactions on a
    space of more than ``MAPPING_LIMIT`` outcomes."""
    _negmas()
    from negmas.inout import Scenario as NegmasScenario
    from negmas.preferences import LinearAdditiveUtilityFunction, MappingUtilityFunction
    from negmas.preferences.value_fun import TableFun

    import accord

    os, options = _outcome_space(s)
    tables = {t["party"]: t for t in s._ufun_tables()}
    if parties is None:
        parties = list(tables)
    ufuns = []
    values_of = list(options.values())
    for party in parties:
        if party not in tables:
            known = ", ".join(tables)
            raise accord.UsageError(
                f"no party `{party}` with preferences in scenario `{s.id}` (parties: {known})"
            )
        t = tables[party]
        if t["interactions"]:
            utilities = s._utilities(party, MAPPING_LIMIT)
            mapping = {}
            red = [set(r) for r in t["red_lines"]]
            for k, outcome in enumerate(os.enumerate()):
                crosses = any(
                    values_of[i].index(v) in red[i] for i, v in enumerate(outcome) if red[i]
                )
                mapping[outcome] = RED_LINE if crosses else utilities[k]
            ufun = MappingUtilityFunction(
                mapping=mapping,
                outcome_space=os,
                reserved_value=t["walk_away"],
                name=party,
            )
        else:
            funs = []
            for i, values in enumerate(values_of):
                table = dict(zip(values, t["values"][i]))
                for o in t["red_lines"][i]:
                    table[values[o]] = RED_LINE
                funs.append(TableFun(table))
            ufun = LinearAdditiveUtilityFunction(
                values=funs,
                weights=[1.0] * len(funs),
                outcome_space=os,
                reserved_value=t["walk_away"],
                name=party,
            )
        ufuns.append(ufun)
    return NegmasScenario(outcome_space=os, ufuns=tuple(ufuns), name=s.id)


_ID = re.compile(r"[^a-z0-9_-]+")
_KEEP = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_KEEP_SCENARIO = re.compile(r"[a-z][a-z0-9_-]{0,63}")


def _slug(text: str, taken: set[str], fallback: str, keep: re.Pattern = _KEEP) -> str:
    """An accord id for a NegMAS name: the name itself when it is already an id that is also
    a bare TOML key and starts with a letter (so ``to_negmas`` then ``from_negmas`` keeps
    every party, issue and option id), else the name lowercased with other characters as
    ``_``; made unique within ``taken`` with a ``_2``, ``_3``... suffix. A scenario id is
    kept only in lowercase (``keep=_KEEP_SCENARIO``: the format's scenario ids have no
    capitals)."""
    text = str(text)
    if keep.fullmatch(text) and text not in taken:
        taken.add(text)
        return text
    base = _ID.sub("_", text.lower()).strip("_-") or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"
    base = base[:60]
    out, k = base, 2
    while out in taken:
        out, k = f"{base}_{k}", k + 1
    taken.add(out)
    return out


def _toml_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _num(x: float) -> str:
    return repr(float(x))


def from_negmas(ns) -> Any:
    """An accord ``Scenario`` from a NegMAS ``negmas.inout.Scenario`` whose utility functions
    are linear-additive (``LinearAdditiveUtilityFunction`` with table or other per-issue value
    functions over finite issues) or mappings (``MappingUtilityFunction``).

    Each issue becomes a discrete issue (option ids made from the values, labels = the values
    as text); each utility function a party (id from its name, else ``party1``, ...); a name
    that is already an id starting with a letter is kept as it is, so ids survive
    ``from_negmas(to_negmas(s))``, any other is lowercased with other characters as ``_``; walk-away
    = its reserved value (clamped to [0, 1]; -inf or None → 0). A linear-additive function
    with weighted values ``a_i(v) = w_i · f_i(v)`` becomes weights and scores: when every
    ``a_i ≥ 0`` and the per-issue maxima sum to at most 1 the utilities are kept exactly
    (within rounding); otherwise a positive affine map per party makes them fit [0, 1] (the
    walk-away mapped alike, so acceptance does not change). A value at or below ``RED_LINE``
    becomes a red line. A mapping becomes one interaction per outcome (its bonus the utility).
    Other utility functions are refused with ``accord.UsageError`` naming their type."""
    _negmas()
    from negmas.preferences import LinearAdditiveUtilityFunction, MappingUtilityFunction

    import accord

    os = ns.outcome_space
    issues = list(os.issues)
    for issue in issues:
        if not issue.is_finite() or issue.is_continuous():
            raise accord.UsageError(
                f"issue `{issue.name}` is continuous or infinite; discretize the NegMAS "
                "scenario first (negmas: Scenario.discretize())"
            )
    issue_ids: list[str] = []
    taken: set[str] = set()
    option_ids: list[list[str]] = []
    values: list[list[Any]] = []
    for k, issue in enumerate(issues):
        issue_ids.append(_slug(issue.name or f"issue{k + 1}", taken, "issue"))
        vs = list(issue.all)
        values.append(vs)
        seen: set[str] = set()
        option_ids.append([_slug(v, seen, "v") for v in vs])

    lines = ['format = "accord/1"', "", "[scenario]"]
    name = getattr(ns, "name", None) or "negmas"
    taken_s: set[str] = set()
    lines += [f"id = {_toml_str(_slug(name, taken_s, 'scenario', _KEEP_SCENARIO))}", f"title = {_toml_str(name)}", ""]
    lines += ["[areas.all]", 'title = "All issues"', ""]
    for k, issue in enumerate(issues):
        lines += [f"[issues.{issue_ids[k]}]", 'area = "all"', f"title = {_toml_str(issue.name or issue_ids[k])}"]
        opts = ", ".join(
            f"{{ id = {_toml_str(o)}, label = {_toml_str(v)} }}" for o, v in zip(option_ids[k], values[k])
        )
        lines += [f"options = [{opts}]", ""]

    party_taken: set[str] = set()
    for n, ufun in enumerate(ns.ufuns):
        pid = _slug(getattr(ufun, "name", None) or f"party{n + 1}", party_taken, "party")
        reserved = ufun.reserved_value
        lines += [f"[parties.{pid}]", f"name = {_toml_str(getattr(ufun, 'name', None) or pid)}"]
        if isinstance(ufun, LinearAdditiveUtilityFunction):
            lines += _linear_party(pid, ufun, issues, issue_ids, option_ids, values, reserved)
        elif isinstance(ufun, MappingUtilityFunction):
            lines += _mapping_party(pid, ufun, os, issues, issue_ids, option_ids, values, reserved)
        else:
            raise accord.UsageError(
                f"utility function {n + 1} ({type(ufun).__name__}) is neither linear-additive "
                "nor a mapping; accord reads only those"
            )
        lines.append("")
    return accord.Scenario.from_text("\n".join(lines), name=f"<negmas {name}>")


def _walk_away(reserved) -> float:
    if reserved is None or reserved != reserved or reserved == float("-inf"):
        return 0.0
    return min(1.0, max(0.0, float(reserved)))


def _linear_party(pid, ufun, issues, issue_ids, option_ids, values, reserved):
    weights = ufun.weights if ufun.weights is not None else [1.0] * len(issues)
    folded: list[list[float]] = []
    for k, issue in enumerate(issues):
        f = ufun.values[k]
        folded.append([float(weights[k]) * float(f(v)) for v in values[k]])
    red = [[a <= RED_LINE for a in row] for row in folded]
    lows = [min((a for a, r in zip(row, rr) if not r), default=0.0) for row, rr in zip(folded, red)]
    highs = [max((a for a, r in zip(row, rr) if not r), default=0.0) for row, rr in zip(folded, red)]
    bias = float(getattr(ufun, "bias", 0.0) or 0.0)
    exact = bias == 0.0 and all(lo >= 0.0 for lo in lows) and sum(highs) <= 1.0 + 1e-12
    out = []
    if exact:
        # Weights = the per-issue maxima (the slack on the first issue), scores a/max: the
        # weighted sum is Σ a exactly.
        caps = list(highs)
        slack = 1.0 - sum(caps)
        if slack > 0:
            caps[0] += slack
        walk = _walk_away(reserved)
        shift, scale = 0.0, 1.0
    else:
        # A positive affine map: u' = (u - Σ lows) / Σ (highs - lows).
        caps = [hi - lo for hi, lo in zip(highs, lows)]
        total = sum(caps) or 1.0
        shift, scale = sum(lows) + bias, total
        r = reserved
        walk = 0.0 if r is None or r == float("-inf") else min(1.0, max(0.0, (float(r) - shift) / scale))
    out.append(f"walk_away = {_num(walk)}")
    reds = []
    for k in range(len(issues)):
        ids = [option_ids[k][j] for j, r in enumerate(red[k]) if r]
        if ids:
            reds.append(f"{issue_ids[k]} = [{', '.join(_toml_str(i) for i in ids)}]")
    if reds:
        out.append(f"red_lines = {{ {', '.join(reds)} }}")
    out.append(f"[parties.{pid}.weights]")
    weighted = []
    for k in range(len(issues)):
        if caps[k] > 0:
            out.append(f"{issue_ids[k]} = {_num(caps[k])}")
            weighted.append(k)
    if not weighted:
        out.append(f"{issue_ids[0]} = 1.0")
        weighted.append(0)
        caps[0] = 1.0
    for k in weighted:
        out.append(f"[parties.{pid}.scores.{issue_ids[k]}]")
        lo = 0.0 if exact else lows[k]
        for j, a in enumerate(folded[k]):
            s = 0.0 if red[k][j] else (a - lo) / caps[k]
            out.append(f"{_toml_str(option_ids[k][j])} = {_num(min(1.0, max(0.0, s)))}")
    return out


def _mapping_party(pid, ufun, os, issues, issue_ids, option_ids, values, reserved):
    import accord

    n = 1
    for vs in values:
        n *= len(vs)
    if n > MAPPING_LIMIT:
        raise accord.UsageError(
            f"a mapping utility function over {n} outcomes: more than {MAPPING_LIMIT}"
        )
    out = [f"walk_away = {_num(_walk_away(reserved))}"]
    index = [{v: j for j, v in enumerate(vs)} for vs in values]
    for outcome in os.enumerate():
        u = ufun(outcome)
        u = float(u) if u is not None else 0.0
        if u == 0.0:
            continue
        when = ", ".join(
            f"{issue_ids[k]} = {_toml_str(option_ids[k][index[k][v]])}" for k, v in enumerate(outcome)
        )
        out += [f"[[parties.{pid}.interactions]]", f"when = {{ {when} }}", f"bonus = {_num(u)}"]
    if len(out) == 1:
        out += [f"[[parties.{pid}.interactions]]", f"when = {{ {issue_ids[0]} = {_toml_str(option_ids[0][0])} }}", "bonus = 0.0"]
    return out


class _Wrapped:
    """A NegMAS SAO negotiator as an accord negotiator (see ``wrap``)."""

    def __init__(self, make, name):
        self._make = make
        self.__name__ = name
        self._neg = None
        self._key = None

    def __repr__(self):
        return f"accord.negmas.wrap({self.__name__})"

    def _start(self, state):
        from negmas.sao import SAOMechanism

        key = (state.party, state.rounds)
        if self._neg is not None and self._key == key:
            return
        ns = to_negmas(state.scenario, parties=[state.party])
        self._os = ns.outcome_space
        self._ufun = ns.ufuns[0]
        self._issues = list(state.issues)
        neg = self._make()
        # A mechanism of NegMAS's own with the same outcome space and deadline gives the
        # negotiator its interface (outcome space, n_steps); accord's protocol runs the turns.
        self._mech = SAOMechanism(outcome_space=self._os, n_steps=state.rounds)
        self._mech.add(neg, ufun=self._ufun)
        self._neg, self._key = neg, key
        self._started = False
        self._seen = 0
        self._last = None

    def _sao_state(self, state, offer=None, proposer=None):
        from negmas.sao import SAOState

        return SAOState(
            running=True,
            started=True,
            step=state.step,
            relative_time=state.relative_time,
            n_negotiators=len(state.negotiators),
            current_offer=offer,
            current_proposer=proposer,
        )

    def _new_offers(self, state):
        """The offers since the last call (`offers_since`: a turn costs no more late in the
        negotiation than early)."""
        new = state.offers_since(self._seen)
        self._seen += len(new)
        if new:
            self._last = new[-1][0]
        return new

    def _begin(self, s, state, new):
        if not self._started:
            self._started = True
            start = getattr(self._neg, "_on_negotiation_start", None) or self._neg.on_negotiation_start
            start(s)
        # Tell it of the partners' offers since its last turn, as SAOMechanism does
        # (`on_partner_proposal`), so negotiators that count them (MiCRO) see the same.
        tell = getattr(self._neg, "on_partner_proposal", None)
        if tell is not None:
            for who, terms in new:
                if who != state.party:
                    tell(s, who, tuple(terms[i] for i in self._issues))

    def propose(self, state):
        self._start(state)
        new = self._new_offers(state)
        s = self._sao_state(state)
        self._begin(s, state, new)
        propose = getattr(self._neg, "propose_", None) or self._neg.propose
        out = propose(state=s)
        out = getattr(out, "outcome", out)
        if out is None:
            return None
        return dict(zip(self._issues, out))

    def respond(self, state, offer):
        from negmas import ResponseType

        self._start(state)
        outcome = tuple(offer[i] for i in self._issues)
        new = self._new_offers(state)
        proposer = self._last  # the offer answered is the last one made
        s = self._sao_state(state, offer=outcome, proposer=proposer)
        self._begin(s, state, new)
        respond = getattr(self._neg, "respond_", None) or self._neg.respond
        try:
            r = respond(state=s, source=proposer)
        except TypeError:
            r = respond(state=s)
        r = getattr(r, "response", r)
        if r == ResponseType.ACCEPT_OFFER:
            return "accept"
        if r == ResponseType.END_NEGOTIATION:
            return "end"
        return "reject"


def wrap(negotiator, *args, **kwargs):
    """Adapts a NegMAS SAO negotiator (an ``SAONegotiator`` or a GB negotiator such as
    ``AspirationNegotiator``, ``BoulwareTBNegotiator``, ``ConcederTBNegotiator``,
    ``MiCRONegotiator``) to accord's negotiator interface, so it runs inside accord's
    protocols: ``s.simulate(strategies={"west": accord.negmas.wrap(AspirationNegotiator)})``.

    ``negotiator``: a NegMAS negotiator class (instantiated with ``*args, **kwargs`` for each
    run) or a factory returning a fresh negotiator. The negotiator gets the party's utility
    function from ``to_negmas`` and a NegMAS mechanism interface with the same outcome space
    and deadline; accord's SAO asks it to propose and respond with NegMAS's state (step,
    relative time ``(step + 1) / (n_steps + 1)``, the standing offer), so deterministic
    negotiators reach the same agreement in the same number of steps as ``SAOMechanism``."""
    nm = _negmas()
    name = getattr(negotiator, "__name__", type(negotiator).__name__)
    if isinstance(negotiator, type) and not issubclass(negotiator, nm.Negotiator):
        raise TypeError(
            f"wrap() takes a NegMAS negotiator class (a subclass of negmas.Negotiator, such as "
            f"AspirationNegotiator) or a factory returning one, not the class {name}"
        )
    if isinstance(negotiator, nm.Negotiator):
        raise TypeError(
            f"wrap() takes a NegMAS negotiator class or a factory, not an instance ({name}): "
            f"each run needs a fresh negotiator, e.g. wrap(lambda: {name}(...))"
        )
    make = (lambda: negotiator(*args, **kwargs)) if isinstance(negotiator, type) or callable(negotiator) else None
    if make is None:
        raise TypeError("wrap() takes a NegMAS negotiator class or a factory returning one")

    class Wrapped(_Wrapped):
        def __init__(self):
            super().__init__(make, name)

    Wrapped.__name__ = f"negmas.{name}"
    Wrapped.__qualname__ = Wrapped.__name__
    return Wrapped
