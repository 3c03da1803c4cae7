/* Random policy texts from a seeded PRNG, for the property tests
 * (test_compile.c against the reference interpreter, test_kernel.c against
 * the running kernel). The texts exercise the whole grammar: names with
 * and without sys_, numbers, lists, every operator, masks, sets, values in
 * every notation, comments, continuation lines and a default anywhere. */
#ifndef SF_TEST_POLICYGEN_H
#define SF_TEST_POLICYGEN_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "constants.h"
#include "syscalls.h"

typedef __int128 pg_wide;

/* splitmix64: small, seedable, good enough for test inputs. */
static inline uint64_t pg_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t pg_below(uint64_t *s, uint64_t n)
{
	return n ? pg_next(s) % n : 0;
}

struct pg_buf {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void pg_printf(struct pg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
}

static void pg_free(struct pg_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

struct pg_opts {
	/* For the kernel: every action of a rule on an arbitrary syscall is
	 * an errno (distinct values from 100 up, so never one a call gives
	 * itself), trace or user-notify (ENOSYS without a tracer or
	 * listener) or a denial, and the default is an errno. Only the
	 * syscalls named in harmless (NULL-terminated; calls that do nothing
	 * dangerous whatever their arguments) get conditions, which allow. */
	int kernel_safe;
	const char *const *harmless;
	int avoid_nr; /* a number never given a rule (-1: none) */
	int max_rules;
};

/* The range a literal must fit, by the bits the kernel reads: 32-bit
 * arguments -2^31..2^32-1, 64-bit ones -2^63..2^64-1, 16-bit ones
 * (umode_t, i386's old_uid_t) -2^15..2^16-1. */
static inline int pg_fits(pg_wide v, int bits)
{
	return v >= -((pg_wide)1 << (bits - 1)) && v <= ((pg_wide)1 << bits) - 1;
}

static pg_wide pg_value(uint64_t *s, int bits)
{
	static const int64_t small[] = {0,   1,	  2,	3,    7,     8,	 15, 16,  100,
					255, 256, 4095, 4096, 65535, -1, -2, -100};
	static const int64_t b32[] = {0x7fffffff, 0x80000000, -0x7fffffffll - 1, 0xffffffff,
				      0xfffffffe, 0x7ffffffe, -0x7fffffff};
	static const pg_wide one = 1;
	pg_wide v;

	for (;;) {
		switch (pg_below(s, 11)) {
		case 0:
		case 1:
			v = small[pg_below(s, sizeof(small) / sizeof(small[0]))];
			break;
		case 2:
			v = (int32_t)(uint32_t)pg_next(s);
			break;
		case 3:
			v = (uint32_t)pg_next(s);
			break;
		case 4:
			v = b32[pg_below(s, sizeof(b32) / sizeof(b32[0]))];
			break;
		case 5: {
			const pg_wide b64[] = {one << 32,
					       (one << 32) - 1,
					       (one << 32) + 1,
					       (one << 63) - 1,
					       one << 63,
					       -(one << 63),
					       (one << 64) - 1,
					       (one << 64) - 2,
					       0x123456789abcdef0ll,
					       -(pg_wide)0x100000000ll};
			v = b64[pg_below(s, sizeof(b64) / sizeof(b64[0]))];
			break;
		}
		case 6:
			v = bits == 64 ? (pg_wide)pg_next(s)
				       : (pg_wide)(pg_next(s) & (((uint64_t)1 << bits) - 1));
			break;
		case 7:
			v = sf_constants[pg_below(s, sf_constants_count)].value;
			break;
		case 8:
			v = ((pg_wide)pg_below(s, 4) << 32) | pg_below(s, 300);
			break;
		case 9:
			v = (int64_t)(int32_t)(uint32_t)pg_next(s);
			break;
		default:
			v = pg_below(s, 64);
			break;
		}
		if (pg_fits(v, bits))
			return v;
	}
}

/* A value compared with an argument: within its type's range. */
static pg_wide pg_cmp_value(uint64_t *s, int bits, int sgn)
{
	pg_wide v;

	do
		v = pg_value(s, bits);
	while (sgn && v >= (pg_wide)1 << (bits - 1));
	return v;
}

/* The arch of the policy being written: a constant named in it must be
 * one the arch has (x86's MAP_32BIT is none of aarch64's). */
static const struct sf_arch_info *pg_arch;

static int pg_has(const struct sf_constant *c)
{
	return !pg_arch || sf_arch_constant_lookup(pg_arch, c->name, strlen(c->name)) != NULL;
}

/* Writes v in one of the notations the language has; atom: the result
 * must bind like an operand of '-' or '~'. */
static void pg_render(uint64_t *s, struct pg_buf *b, pg_wide v, int atom, int depth)
{
	int r = depth > 2 ? (int)pg_below(s, 4) : (int)pg_below(s, 9);

	if (v < 0) {
		if (r < 5) {
			pg_printf(b, "-");
			pg_render(s, b, -v, 1, depth + 1);
		} else {
			pg_printf(b, "~");
			pg_render(s, b, ~v, 1, depth + 1);
		}
		return;
	}
	switch (r) {
	case 0:
	case 1:
		pg_printf(b, "%llu", (unsigned long long)v);
		return;
	case 2:
		pg_printf(b, pg_below(s, 2) ? "0x%llx" : "0X%llX", (unsigned long long)v);
		return;
	case 3:
		pg_printf(b, v ? "0%llo" : "0", (unsigned long long)v);
		return;
	case 4:
		pg_printf(b, "(");
		pg_render(s, b, v, 0, depth + 1);
		pg_printf(b, ")");
		return;
	case 5: {
		uint64_t m = pg_next(s);
		pg_printf(b, atom ? "(" : "");
		pg_render(s, b, v & m, 0, depth + 1);
		pg_printf(b, " | ");
		pg_render(s, b, v & ~(pg_wide)m, 0, depth + 1);
		pg_printf(b, atom ? ")" : "");
		return;
	}
	case 6: {
		/* A constant whose bits are all in v, or'ed with the rest. */
		size_t i, start = pg_below(s, sf_constants_count);
		for (i = 0; i < sf_constants_count; i++) {
			const struct sf_constant *c =
			    &sf_constants[(start + i) % sf_constants_count];
			if (c->value > 0 && ((pg_wide)c->value & ~v) == 0 && pg_has(c)) {
				pg_printf(b, atom ? "(%s" : "%s", c->name);
				if ((pg_wide)c->value != v || pg_below(s, 2)) {
					pg_printf(b, " | ");
					pg_render(s, b, v & ~(pg_wide)c->value, 0, depth + 1);
				}
				pg_printf(b, atom ? ")" : "");
				return;
			}
		}
		pg_printf(b, "%llu", (unsigned long long)v);
		return;
	}
	case 7:
		/* ~~v, written as ~(-(v + 1)). */
		pg_printf(b, "~");
		pg_render(s, b, ~v, 1, depth + 1);
		return;
	default: {
		size_t i;
		for (i = 0; i < sf_constants_count; i++)
			if ((pg_wide)sf_constants[i].value == v && pg_has(&sf_constants[i])) {
				pg_printf(b, "%s", sf_constants[i].name);
				return;
			}
		pg_printf(b, "%llu", (unsigned long long)v);
		return;
	}
	}
}

/* What the rule's syscalls have in common: how many arguments an
 * expression may use, their names (single syscall only) and widths. */
struct pg_ctx {
	const struct sf_syscall *sc; /* NULL for several syscalls or a number */
	int nargs;
	int bits[6]; /* 16, 32 or 64: read by the kernel */
	int sgn[6];  /* a compared value must fit a signed type */
};

static void pg_argname(uint64_t *s, struct pg_buf *b, const struct pg_ctx *c, int i)
{
	const char *name = c->sc ? c->sc->args[i].name : NULL;

	char pos[8];
	int k;

	/* The kernel's name wins: where prctl's "arg2" names the second
	 * argument, the third is written by its own name. */
	snprintf(pos, sizeof pos, "arg%d", i);
	for (k = 0; c->sc && k < c->sc->nargs; k++)
		if (strcmp(c->sc->args[k].name, pos) == 0 && k != i)
			break;
	if (name && (pg_below(s, 5) < 3 || (c->sc && k < c->sc->nargs)))
		pg_printf(b, "%s", name);
	else
		pg_printf(b, "%s", pos);
}

static void pg_term(uint64_t *s, struct pg_buf *b, const struct pg_ctx *c)
{
	static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
	int i = (int)pg_below(s, (uint64_t)c->nargs), bits = c->bits[i], n, k;

	switch (pg_below(s, 12)) {
	default:
		pg_argname(s, b, c, i);
		pg_printf(b, " %s ", ops[pg_below(s, 6)]);
		pg_render(s, b, pg_cmp_value(s, bits, c->sgn[i]), 0, 0);
		return;
	case 4:
		pg_argname(s, b, c, i);
		pg_printf(b, " & ");
		pg_render(s, b, pg_value(s, bits), 0, 0);
		return;
	case 5:
	case 6:
		pg_printf(b, "(");
		pg_argname(s, b, c, i);
		pg_printf(b, " & ");
		pg_render(s, b, pg_value(s, bits), 0, 0);
		pg_printf(b, ") %s ", ops[pg_below(s, 6)]);
		pg_render(s, b, pg_value(s, bits), 0, 0);
		return;
	case 7:
		pg_argname(s, b, c, i);
		pg_printf(b, " in ");
		pg_render(s, b, pg_value(s, bits), 0, 0);
		return;
	case 8:
		pg_argname(s, b, c, i);
		pg_printf(b, " in {");
		n = 1 + (int)pg_below(s, 5);
		for (k = 0; k < n; k++) {
			pg_printf(b, k ? ", " : "");
			pg_render(s, b, pg_cmp_value(s, bits, c->sgn[i]), 0, 0);
		}
		pg_printf(b, "}");
		return;
	case 9:
		/* "ARG & MASK" in parentheses, possibly negated. */
		pg_printf(b, pg_below(s, 2) ? "!(" : "(");
		pg_argname(s, b, c, i);
		pg_printf(b, " & ");
		pg_render(s, b, pg_value(s, bits), 0, 0);
		pg_printf(b, ")");
		return;
	}
}

static void pg_expr(uint64_t *s, struct pg_buf *b, const struct pg_ctx *c, int depth);

static void pg_operand(uint64_t *s, struct pg_buf *b, const struct pg_ctx *c, int depth)
{
	if (depth >= 3 || pg_below(s, 2)) {
		if (!pg_below(s, 6))
			pg_printf(b, "!");
		pg_term(s, b, c);
		return;
	}
	pg_printf(b, pg_below(s, 4) ? "(" : "!(");
	pg_expr(s, b, c, depth + 1);
	pg_printf(b, ")");
}

static void pg_expr(uint64_t *s, struct pg_buf *b, const struct pg_ctx *c, int depth)
{
	int r = depth >= 3 ? 0 : (int)pg_below(s, 10), n, k;

	if (r < 3) {
		pg_term(s, b, c);
	} else if (r < 8) {
		const char *op = r < 5 ? "||" : "&&";
		n = 2 + (int)pg_below(s, 3);
		for (k = 0; k < n; k++) {
			if (k)
				pg_printf(b, pg_below(s, 8) ? " %s " : " %s \\\n\t", op);
			pg_operand(s, b, c, depth);
		}
	} else if (r < 9) {
		/* Unparenthesised mix: && binds tighter. */
		pg_term(s, b, c);
		pg_printf(b, " && ");
		pg_term(s, b, c);
		pg_printf(b, " || ");
		pg_term(s, b, c);
		pg_printf(b, " && ");
		pg_operand(s, b, c, depth);
	} else {
		pg_printf(b, "!(");
		pg_expr(s, b, c, depth + 1);
		pg_printf(b, ")");
	}
}

/* allow_ok: the rule may allow (always, except for kernel_safe rules on
 * syscalls that are not harmless). */
static void pg_action(uint64_t *s, struct pg_buf *b, const struct pg_opts *o, int *next_errno,
		      int is_default, int allow_ok)
{
	static const char *const words[] = {
	    "allow", "1", "kill", "kill-process", "kill-thread", "trap", "log", "user-notify", "0"};
	int r;

	if (o->kernel_safe) {
		r = is_default ? 0 : (int)pg_below(s, allow_ok ? 12 : 10);
		if (r < 7) {
			*next_errno += 1 + (int)pg_below(s, 20);
			pg_printf(b, "%s %d", pg_below(s, 2) ? "errno" : "return", *next_errno);
		} else if (r < 8) {
			pg_printf(b, "trace %d", (int)pg_below(s, 65536));
		} else if (r < 9) {
			pg_printf(b, "user-notify");
		} else if (r < 10) {
			pg_printf(b, "0");
		} else {
			pg_printf(b, r == 10 ? "allow" : "1");
		}
		return;
	}
	r = (int)pg_below(s, 14);
	if (r < 9) {
		if (is_default && words[r][0] == '0')
			r = 0;
		pg_printf(b, "%s", words[r]);
	} else if (r < 11) {
		pg_printf(b, "%s %d", r == 9 ? "errno" : "return", (int)pg_below(s, 4096));
	} else if (r < 12) {
		pg_printf(b, "errno %s", sf_errnos[pg_below(s, sf_errnos_count)].name);
	} else {
		pg_printf(b, "trace %d", (int)pg_below(s, 65536));
	}
}

static int pg_used(const int *used, int n, int nr)
{
	for (int i = 0; i < n; i++)
		if (used[i] == nr)
			return 1;
	return 0;
}

/* A number for a rule on this arch: not an x32 number. */
static int pg_number(uint64_t *s, const struct sf_arch_info *ai)
{
	static const uint32_t big[] = {0x7fffffffu, 0xffffffffu, 0xfffffffeu, 0x40001000u,
				       0x3fffffffu, 0x80000000u, 1000,	      4095};
	uint32_t nr = pg_below(s, 3) ? (uint32_t)pg_below(s, 1200) : big[pg_below(s, 8)];

	if (nr >= ai->x32_first && nr < ai->x32_end)
		nr = 0x40001000u;
	return (int)nr;
}

/* Picks one syscall for a rule: from the arch's table, by number, or
 * (pick_harmless) from o->harmless. Returns its number. */
static int pg_member(uint64_t *s, const struct sf_arch_info *ai, const struct pg_opts *o,
		     int pick_harmless, const struct sf_syscall **sc)
{
	const struct sf_syscall_table *t = ai->table;
	size_t n = 0;

	if (pick_harmless) {
		while (o->harmless[n])
			n++;
		for (size_t tries = 0; tries < 20; tries++) {
			*sc = sf_syscall_by_name(t, o->harmless[pg_below(s, n)]);
			if (*sc)
				return (*sc)->nr;
		}
	}
	if (pg_below(s, 6)) {
		*sc = &t->calls[pg_below(s, t->count)];
		return (*sc)->nr;
	}
	n = (size_t)pg_number(s, ai);
	*sc = sf_syscall_by_nr(t, (int)n);
	return (int)n;
}

static int pg_is_harmless(const struct pg_opts *o, const struct sf_syscall *sc)
{
	for (size_t i = 0; sc && o->harmless && o->harmless[i]; i++)
		if (strcmp(o->harmless[i], sc->name) == 0)
			return 1;
	return 0;
}

/* Appends a random policy for arch to b. */
static void pg_policy(uint64_t seed, enum sf_arch arch, const struct pg_opts *o, struct pg_buf *b)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);
	uint64_t s = seed;
	int used[64], nused = 0, next_errno = 100 + (int)pg_below(&s, 200);
	int nrules = 1 + (int)pg_below(&s, (uint64_t)(o->max_rules > 0 ? o->max_rules : 20));
	int default_at = o->kernel_safe ? 0 : (int)pg_below(&s, (uint64_t)nrules + 2) - 1;

	pg_arch = ai;
	if (o->avoid_nr >= 0)
		used[nused++] = o->avoid_nr;
	if (pg_below(&s, 3) == 0)
		pg_printf(b, "# random policy, seed %llu\n", (unsigned long long)seed);
	for (int rule = 0; rule < nrules && nused < 60; rule++) {
		const struct sf_syscall *members[3];
		int nrs[3], nmembers = 1 + (pg_below(&s, 5) == 0 ? (int)pg_below(&s, 3) : 0), k,
			    braced;
		int harmless = o->kernel_safe && o->harmless && pg_below(&s, 2), allow_ok = 1;
		struct pg_ctx c;

		if (rule == default_at) {
			static const char *const forms[] = {"default: ", "@default ", "@default: "};
			pg_printf(b, "%s", forms[pg_below(&s, 3)]);
			pg_action(&s, b, o, &next_errno, 1, 0);
			pg_printf(b, "\n");
		}
		for (k = 0; k < nmembers; k++) {
			int tries = 0;
			do
				nrs[k] = pg_member(&s, ai, o, harmless, &members[k]);
			while ((pg_used(used, nused, nrs[k]) || pg_used(nrs, k, nrs[k])) &&
			       ++tries < 50);
			if (tries >= 50)
				break;
		}
		nmembers = k;
		if (!nmembers)
			continue;
		memset(&c, 0, sizeof(c));
		c.nargs = 6;
		for (k = 0; k < nmembers; k++) {
			int n = members[k] ? members[k]->nargs : 6;
			used[nused++] = nrs[k];
			if (n < c.nargs)
				c.nargs = n;
			if (o->kernel_safe && !pg_is_harmless(o, members[k]))
				allow_ok = 0;
		}
		for (k = 0; k < c.nargs; k++) {
			/* Several syscalls: values that fit 32 bits fit all,
			 * and 16 bits where one reads only those. */
			int wide64 = nmembers == 1 &&
				     (members[0] ? SF_ARGTYPE_IS_64(members[0]->args[k].type)
						 : ai->is_64bit);

			c.bits[k] = wide64 ? 64 : 32;
			for (int m = 0; m < nmembers; m++)
				if (members[m] && (members[m]->args[k].flags & SF_ARGF_16))
					c.bits[k] = 16;
			c.sgn[k] = nmembers > 1 ||
				   (members[0] && SF_ARGTYPE_IS_SIGNED(members[0]->args[k].type));
		}
		c.sc = nmembers == 1 ? members[0] : NULL;
		braced = nmembers > 1 && pg_below(&s, 2);
		pg_printf(b, braced ? "{" : "");
		for (k = 0; k < nmembers; k++) {
			pg_printf(b, k ? ", " : "");
			if (members[k] && pg_below(&s, 5))
				pg_printf(b, "%s%s", pg_below(&s, 3) ? "" : "sys_",
					  members[k]->name);
			else
				pg_printf(b, pg_below(&s, 2) ? "%u" : "%#x", (unsigned)nrs[k]);
		}
		pg_printf(b, braced ? "}: " : ": ");
		if (c.nargs == 0 || !allow_ok || pg_below(&s, 4) == 0) {
			pg_action(&s, b, o, &next_errno, 0, allow_ok);
		} else {
			pg_expr(&s, b, &c, 0);
			if (pg_below(&s, 3)) {
				pg_printf(b, "; ");
				pg_action(&s, b, o, &next_errno, 0, allow_ok);
			}
		}
		pg_printf(b, pg_below(&s, 5) ? "\n" : "  # comment\n");
	}
	if (default_at >= nrules) {
		pg_printf(b, "default: ");
		pg_action(&s, b, o, &next_errno, 1, 0);
		pg_printf(b, "\n");
	}
}

#endif
