#!/usr/bin/env python3
"""A lower bound for the mean instructions of allowed calls, for dispatch
trees richer than the compiler's.

    sf-run --dump -p POLICY | python3 bench/tree-bound.py LABEL [LIMIT [JSETS]]

The compiler builds an optimal alphabetic tree of `jge` tests over the
intervals of numbers with one outcome, with `jeq` chains at its leaves
(bench/bound.c gives that tree's bound). This asks what any tree of three
kinds of tests, all of which the kernel's action cache understands, could
reach over the same intervals and the same code after the dispatch:

  - `jge K`: split the numbers in two between two runs of one outcome;
  - `jeq K` on a number alone in its run whose two neighbours share an
    outcome: that number leaves, and its neighbours become one run;
  - `jset K` with one bit (bits 0 to 8, where the syscall numbers differ):
    the numbers with the bit set go one way, the rest the other, and each
    side sees fewer runs when a run held numbers of one side only.

`jeq` and `jset` are tried in subtrees of at most LIMIT runs (16 by
default; beyond that the subsets of numbers taken out are too many to
try), with at most JSETS `jset` tests on a path (2 by default). Each allowed
call (a syscall number whose outcome is ALLOW or a block of argument checks)
costs ld arch, jeq arch, ld nr, its tests, the shortest way through its
block, and the ret. The search is exact for that family, by dynamic
programming over what a subtree can see (the bits fixed on the way and the
runs of outcomes left); it is a bound for those trees, not for every BPF
program.

Prints one NOTE line for bench/run.sh: the bound without `jset` and with it.
"""
import functools
import re
import sys

FIXED = 4  # ld arch, jeq arch, ld nr, ret
SCAN = 1 << 12  # numbers looked at; past the last syscall nothing changes


def read_dump(lines):
    """The first program of an `sf-run --dump`: {index: (op, rest)} and
    {label number: index}."""
    insns, labels = {}, {}
    for line in lines:
        if line.startswith("#") and insns:
            break
        m = re.match(r"\s*(\d+)\s+(?:L(\d+):)?\s*(\S+)\s*(.*)", line)
        if not m:
            continue
        at = int(m.group(1))
        insns[at] = (m.group(3), m.group(4))
        if m.group(2):
            labels[int(m.group(2))] = at
    return insns, labels


def parse_jump(rest, labels):
    m = re.match(r"#(0x[0-9a-f]+|\d+)[^,]*,\s*L(\d+),\s*L(\d+)", rest)
    return int(m.group(1), 0), labels[int(m.group(2))], labels[int(m.group(3))]


def shortest_block(insns, labels, at, memo):
    """Fewest instructions from at to a ret (any arguments)."""
    if at in memo:
        return memo[at]
    op, rest = insns[at]
    if op == "ret":
        cost = 0
    elif op in ("ld", "ldx", "and", "or", "rsh", "lsh", "tax", "txa"):
        cost = 1 + shortest_block(insns, labels, at + 1, memo)
    elif op == "ja":
        cost = 1 + shortest_block(insns, labels, labels[int(rest.split("L")[1])], memo)
    else:
        _, t, f = parse_jump(rest, labels)
        cost = 1 + min(shortest_block(insns, labels, t, memo),
                       shortest_block(insns, labels, f, memo))
    memo[at] = cost
    return cost


def outcome(insns, labels, nr):
    """Where the dispatch on nr ends: ('ret', text) or ('block', index)."""
    at = 3  # after ld arch, jeq arch, ld nr
    while True:
        op, rest = insns[at]
        if op == "ret":
            return ("ret", rest)
        if op == "ld":
            return ("block", at)
        if op == "ja":
            at = labels[int(rest.split("L")[1])]
            continue
        k, t, f = parse_jump(rest, labels)
        hit = {"jeq": nr == k, "jge": nr >= k, "jgt": nr > k, "jset": nr & k != 0}[op]
        at = t if hit else f


def main():
    label = sys.argv[1] if len(sys.argv) > 1 else "policy"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    jsets = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    insns, labels = read_dump(sys.stdin)
    if insns.get(2, ("",))[0] != "ld":
        sys.exit("tree-bound.py: not an sf-run --dump program")
    memo = {}
    kind, allowed, extra = [], [], []
    kinds = {}
    for nr in range(SCAN):
        out = outcome(insns, labels, nr)
        kind.append(kinds.setdefault(out, len(kinds)))
        allowed.append(int(out[0] == "block" or out[1] == "ALLOW"))
        extra.append(shortest_block(insns, labels, out[1], memo) if out[0] == "block" else 0)
    # Runs of one outcome: (kind, first, last, numbers a jeq took out). A
    # subtree sees the numbers of some runs that match the bits fixed on its
    # path, fixed = (mask, value).
    runs = []
    for nr in range(SCAN):
        if runs and runs[-1][0] == kind[nr]:
            runs[-1] = (kind[nr], runs[-1][1], nr, ())
        else:
            runs.append((kind[nr], nr, nr, ()))
    total = sum(allowed)

    @functools.lru_cache(maxsize=None)
    def seen(fixed, first, last, out):
        """(allowed calls, numbers, allowed calls x block) in a run."""
        mask, value = fixed
        nrs = [nr for nr in range(first, last + 1) if nr & mask == value and nr not in out]
        return (sum(allowed[nr] for nr in nrs), len(nrs),
                sum(allowed[nr] * extra[nr] for nr in nrs))

    def restrict(fixed, state):
        """The runs left once the numbers not matching fixed are gone;
        neighbours of one outcome that meet become one run."""
        out = []
        for run in state:
            if seen(fixed, *run[1:])[1] == 0:
                continue
            if out and out[-1][0] == run[0]:
                out[-1] = (run[0], out[-1][1], run[2], out[-1][3] + run[3])
            else:
                out.append(run)
        return tuple(out)

    @functools.lru_cache(maxsize=None)
    def cost(fixed, state, jset_left):
        """Least sum over the allowed calls of tests + block, for a subtree
        that sees these runs."""
        if len(state) == 1:
            return seen(fixed, *state[0][1:])[2]
        # A hair per run: ties go to the smaller tree.
        here = sum(seen(fixed, *run[1:])[0] for run in state) + 1e-6 * len(state)
        best = min(here + cost(fixed, state[:k], jset_left) + cost(fixed, state[k:], jset_left)
                   for k in range(1, len(state)))
        if len(state) > limit:
            return best
        for s in range(1, len(state) - 1):
            _, count, x = seen(fixed, *state[s][1:])
            if count == 1 and state[s - 1][0] == state[s + 1][0]:
                left, right = state[s - 1], state[s + 1]
                taken = tuple(nr for nr in range(state[s][1], state[s][2] + 1)
                              if nr & fixed[0] == fixed[1] and nr not in state[s][3])
                joined = (left[0], left[1], right[2], left[3] + taken + right[3])
                rest = state[:s - 1] + (joined,) + state[s + 2:]
                best = min(best, here + cost(fixed, rest, jset_left) + x)
        if jset_left == 0:
            return best
        mask, value = fixed
        for bit in (1 << b for b in range(9)):
            if mask & bit:
                continue
            on, off = (mask | bit, value | bit), (mask | bit, value)
            state_on, state_off = restrict(on, state), restrict(off, state)
            if not state_on or not state_off or len(state_on) + len(state_off) >= 2 * len(state):
                continue
            best = min(best, here + cost(on, state_on, jset_left - 1) +
                       cost(off, state_off, jset_left - 1))
        return best

    sys.setrecursionlimit(10000)
    whole = ((0, 0), tuple(runs))
    without = FIXED + cost(*whole, 0) / total
    with_jset = FIXED + cost(*whole, jsets) / total
    print("NOTE\t%s, bound for richer trees (bench/tree-bound.py): with `jeq` tests "
          "that take a single number out of any subtree of up to %d runs of one outcome "
          "as well as `jge` splits, over the same intervals and code after the dispatch, "
          "the allowed calls' mean is at least %.2f; adding one-bit `jset` tests (up to %d "
          "on a path), at least %.2f." % (label, limit, without, jsets, with_jset))


if __name__ == "__main__":
    main()
