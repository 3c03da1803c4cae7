#!/usr/bin/env python3
"""A lower bound for the mean instructions of allowed calls, for dispatch
trees richer than the compiler's.

    sf-run --dump -p POLICY | python3 bench/tree-bound.py LABEL [LIMIT]

The compiler builds an optimal alphabetic tree of `jge` tests over the
intervals of numbers with one outcome, with `jeq` chains at its leaves
(bench/bound.c gives that tree's bound). This asks what any tree of two
kinds of tests could reach over the same intervals and the same code after
the dispatch:

  - `jge K`: split the numbers in two at an interval boundary;
  - `jeq K` on a number alone in its interval whose two neighbours share an
    outcome: that number leaves, and its neighbours become one interval
    (in any subtree of at most LIMIT intervals, 16 by default; beyond that
    the subsets of numbers taken out are too many to try).

Each allowed call (a syscall number whose outcome is ALLOW or a block of
argument checks) costs ld arch, jeq arch, ld nr, its tests, the shortest
way through its block, and the ret. The search is exact for that family, by
dynamic programming over the sequences of intervals a subtree can see; it
is a bound for those trees, not for every BPF program.

Prints one NOTE line for bench/run.sh.
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
    insns, labels = read_dump(sys.stdin)
    if insns.get(2, ("",))[0] != "ld":
        sys.exit("tree-bound.py: not an sf-run --dump program")
    memo = {}
    ivs = []  # (first, last, outcome, weight, extra)
    for nr in range(SCAN):
        out = outcome(insns, labels, nr)
        allowed = out[0] == "block" or out[1] == "ALLOW"
        if ivs and ivs[-1][2] == out:
            first, _, o, w, x = ivs[-1]
            ivs[-1] = (first, nr, o, w + allowed, x)
        else:
            extra = shortest_block(insns, labels, out[1], memo) if out[0] == "block" else 0
            ivs.append((nr, nr, out, int(allowed), extra))
    total = sum(iv[3] for iv in ivs)

    @functools.lru_cache(maxsize=None)
    def cost(state):
        """Least sum over the allowed calls of tests + block, for a subtree
        that sees these intervals."""
        if len(state) == 1:
            return state[0][3] * state[0][4]
        # A hair per interval: ties go to the smaller tree.
        here = sum(iv[3] for iv in state) + 1e-6 * len(state)
        best = min(here + cost(state[:k]) + cost(state[k:]) for k in range(1, len(state)))
        if len(state) <= limit:
            for s in range(1, len(state) - 1):
                first, last, _, w, x = state[s]
                if first == last and state[s - 1][2] == state[s + 1][2]:
                    joined = (state[s - 1][0], state[s + 1][1], state[s - 1][2],
                              state[s - 1][3] + state[s + 1][3], state[s - 1][4])
                    rest = state[:s - 1] + (joined,) + state[s + 2:]
                    best = min(best, here + cost(rest) + w * x)
        return best

    sys.setrecursionlimit(10000)
    bound = FIXED + cost(tuple(ivs)) / total
    print("NOTE\t%s, bound for richer trees (bench/tree-bound.py): with `jeq` tests "
          "that take a single number out of any subtree of up to %d intervals as well "
          "as `jge` splits, over the same intervals and code after the dispatch, the "
          "allowed calls' mean is at least %.2f." % (label, limit, bound))


if __name__ == "__main__":
    main()
