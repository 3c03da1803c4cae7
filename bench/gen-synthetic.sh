#!/bin/sh
# Writes a synthetic policy of RULES rules to stdout, the same text on every
# machine for the same arguments (its own LCG, not awk's rand).
#
#   gen-synthetic.sh RULES [MIX]
#
# Rules name syscalls by number from 1000 up (above every x86_64 call, so
# arguments are arg0..arg5, 64 bits wide), mostly one after another with an
# occasional gap. Neighbours often share an action, as real allowlists do.
# MIX is "mixed" (default: 1 rule in 20 has an argument condition, a run
# of the same action goes on with probability 0.8, 1 gap in 20 rules) or
# "unconditional" (1 rule in 100 conditioned, runs go on with probability
# 0.95, 1 gap in 100: what still fits in the kernel's 4096 instructions at
# 10,000 rules). The generator is seeded the same way for every size, so a
# smaller policy is a prefix of a larger one of the same mix.
set -eu

rules=${1:?usage: gen-synthetic.sh RULES [mixed|unconditional]}
mix=${2:-mixed}
case $mix in
mixed) cond=5 runp=80 gap=20 ;;
unconditional) cond=1 runp=95 gap=100 ;;
*)
	echo "gen-synthetic.sh: unknown mix '$mix' (mixed or unconditional)" >&2
	exit 2
	;;
esac

awk -v rules="$rules" -v mix="$mix" -v cond="$cond" -v runp="$runp" -v gap="$gap" '
function rnd(k) {
	seed = (seed * 69069 + 1) % 4294967296
	return int(seed / 4294967296 * k)
}
function arg() { return "arg" rnd(6) }
function val() { return sprintf("0x%x", rnd(65536)) }
function bit() { return sprintf("0x%x", 2 ^ rnd(31)) }
function action(r) {
	r = rnd(100)
	if (r < 50) return "allow"
	if (r < 65) return "errno EPERM"
	if (r < 75) return "errno EACCES"
	if (r < 85) return "errno ENOSYS"
	return "log"
}
function condition(t, a, b) {
	t = rnd(6)
	a = arg()
	b = arg()
	if (t == 0) return a " == " val()
	if (t == 1) return a " == " val() " || " a " == " val()
	if (t == 2) return a " in {" val() ", " val() ", " val() "}"
	if (t == 3) return "(" a " & " bit() ") == 0 && " b " <= " val()
	if (t == 4) return a " & " bit()
	return a " < " val() " || " b " == " val()
}
BEGIN {
	seed = 1
	printf "# Synthetic policy: %d rules, mix %s (bench/gen-synthetic.sh).\n", rules, mix
	print "default: kill-process"
	nr = 1000
	act = "allow"
	for (i = 0; i < rules; i++) {
		if (rnd(gap) == 0)
			nr += 1 + rnd(3)
		if (rnd(100) >= runp)
			act = action()
		if (rnd(100) < cond) {
			line = nr ": " condition()
			if (rnd(10) < 3)
				line = line "; errno EPERM"
			print line
		} else {
			print nr ": " act
		}
		nr++
	}
}'
