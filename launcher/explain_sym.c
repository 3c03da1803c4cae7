/* Symbolic execution of a seccomp program for one syscall number: the
 * number and arch are known, the argument words are not. A register holds
 * a constant or ((word & m) ^ x) of one argument word, which is all that
 * the programs of sf, libseccomp and minijail compute; each conditional
 * jump on such a value splits the path, and each path ends in a `ret`. */
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"

struct sval {
	int sym;       /* 0: the constant x */
	uint32_t off;  /* the word's offset in seccomp_data */
	uint32_t m, x; /* value = (word & m) ^ x */
};

struct state {
	struct sval a, xr, mem[BPF_MEMWORDS];
};

struct ctx {
	const struct sf_prog *prog;
	uint32_t arch, nr;
	const struct sf_ex_sig *sig;
	struct sf_paths *out;
	struct sf_path cur;
};

static struct sval constant(uint32_t v)
{
	struct sval s = {0, 0, 0, v};

	return s;
}

static int fail(struct ctx *c, size_t pc, const char *why)
{
	if (!c->out->error) {
		c->out->error = why;
		c->out->error_pc = pc;
	}
	return -1;
}

static int load_word(struct ctx *c, size_t pc, uint32_t off, struct sval *v)
{
	unsigned arg, hi;

	if (off % 4 || off >= sizeof(struct seccomp_data))
		return fail(c, pc, "loads outside seccomp_data");
	if (off == offsetof(struct seccomp_data, nr)) {
		*v = constant(c->nr);
		return 0;
	}
	if (off == offsetof(struct seccomp_data, arch)) {
		*v = constant(c->arch);
		return 0;
	}
	if (off < offsetof(struct seccomp_data, args)) {
		c->out->assumed |= SF_EX_ASSUMED_IP;
		*v = constant(0);
		return 0;
	}
	arg = (off - offsetof(struct seccomp_data, args)) / 8;
	hi = (off - offsetof(struct seccomp_data, args)) % 8 != 0;
	if ((int)arg >= c->sig->nargs) {
		c->out->assumed |= SF_EX_ASSUMED_NOARG;
		*v = constant(0);
		return 0;
	}
	if (hi && !SF_ARGTYPE_IS_64(c->sig->type[arg])) {
		/* The language compares 32-bit arguments on their low half
		 * only: read the upper half as the zero a well-behaved caller
		 * passes. */
		c->out->assumed |= SF_EX_ASSUMED_HI32;
		*v = constant(0);
		return 0;
	}
	v->sym = 1;
	v->off = off;
	v->m = 0xffffffffu;
	v->x = 0;
	return 0;
}

static int alu(struct ctx *c, size_t pc, uint16_t op, struct sval *a, const struct sval *src)
{
	uint32_t k = src->x;

	if (src->sym)
		return fail(c, pc, "computes with two argument words");
	if (!a->sym) {
		uint32_t v = a->x;
		switch (op) {
		case BPF_ADD:
			v += k;
			break;
		case BPF_SUB:
			v -= k;
			break;
		case BPF_MUL:
			v *= k;
			break;
		case BPF_DIV:
			v = k ? v / k : 0;
			break;
		case BPF_MOD:
			v = k ? v % k : 0;
			break;
		case BPF_OR:
			v |= k;
			break;
		case BPF_AND:
			v &= k;
			break;
		case BPF_XOR:
			v ^= k;
			break;
		case BPF_LSH:
			v = k < 32 ? v << k : 0;
			break;
		case BPF_RSH:
			v = k < 32 ? v >> k : 0;
			break;
		case BPF_NEG:
			v = -v;
			break;
		default:
			return fail(c, pc, "unknown ALU operation");
		}
		*a = constant(v);
		return 0;
	}
	switch (op) {
	case BPF_AND:
		a->m &= k;
		a->x &= k;
		break;
	case BPF_OR:
		a->m &= ~k;
		a->x |= k;
		break;
	case BPF_XOR:
		a->x ^= k;
		break;
	default:
		return fail(c, pc, "does arithmetic on an argument word");
	}
	if (!a->m)
		*a = constant(a->x);
	return 0;
}

static int add_path(struct ctx *c, uint32_t ret)
{
	struct sf_paths *o = c->out;

	if (o->n == SF_EX_MAX_PATHS)
		return fail(c, 0, "has too many paths");
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct sf_path *p = realloc(o->p, cap * sizeof(*p));
		if (!p)
			return fail(c, 0, "out of memory");
		o->p = p;
		o->cap = cap;
	}
	o->p[o->n] = c->cur;
	o->p[o->n].ret = ret;
	o->n++;
	return 0;
}

static int walk(struct ctx *c, size_t pc, struct state st);

/* What a path's tests say about one value v = (word & m) ^ x: its bits
 * outside m are x's, it lies in [lo, hi], equals eq (if has_eq) and none
 * of the values in ne. Bit tests are not followed. */
struct range {
	uint32_t lo, hi, eq;
	int has_eq;
	uint32_t ne[SF_EX_MAX_CONDS];
	int nne;
};

static int narrow_by(struct range *r, const struct sf_wcond *w, int sense)
{
	switch (w->op) {
	case BPF_JEQ:
		if (!sense) {
			r->ne[r->nne++] = w->k;
			break;
		}
		if (r->has_eq && r->eq != w->k)
			return 0;
		r->has_eq = 1;
		r->eq = w->k;
		break;
	case BPF_JGT:
	case BPF_JGE: {
		/* v >= b when the test held, v < b when not */
		uint64_t b = (uint64_t)w->k + (w->op == BPF_JGT);
		if (sense) {
			if (b > 0xffffffffu)
				return 0;
			if (b > r->lo)
				r->lo = (uint32_t)b;
		} else {
			if (b == 0)
				return 0;
			if (b - 1 < r->hi)
				r->hi = (uint32_t)(b - 1);
		}
		break;
	}
	default:
		break;
	}
	return 1;
}

int sf_wcond_decides(const struct sf_wcond *eq, const struct sf_wcond *w)
{
	uint32_t known = (eq->k ^ eq->x) & eq->m;

	if (eq->op != BPF_JEQ || !eq->sense || eq->off != w->off || (w->m & ~eq->m) ||
	    ((eq->k ^ eq->x) & ~eq->m))
		return -1;
	return sf_bpf_jump_taken(w->op, (known & w->m) ^ w->x, w->k);
}

/* Whether the path's tests on w's value and w (as sense says) can all
 * hold together. Exact where an equality fixes the bits a test reads;
 * otherwise tests on other masks and bit tests are not followed, and the
 * path may be one no input takes (its written tests then never hold). */
static int feasible(const struct ctx *c, const struct sf_wcond *w, int sense)
{
	struct range r;
	uint32_t fixed = w->x & ~w->m;
	struct sf_wcond ws = *w;

	ws.sense = (uint8_t)sense;
	for (int i = 0; i < c->cur.n; i++) {
		const struct sf_wcond *o = &c->cur.c[i];
		int d = sf_wcond_decides(o, &ws);
		if (d >= 0 && d != sense)
			return 0;
		d = sf_wcond_decides(&ws, o);
		if (d >= 0 && d != o->sense)
			return 0;
	}
	memset(&r, 0, sizeof(r));
	r.lo = fixed;
	r.hi = fixed | w->m;
	if (w->op == BPF_JEQ && sense && ((w->k ^ w->x) & ~w->m))
		return 0;
	if (w->op == BPF_JSET) {
		if (w->k & ~w->m & w->x)
			return sense;
		if (!(w->k & w->m))
			return !sense;
	}
	for (int i = 0; i < c->cur.n; i++) {
		const struct sf_wcond *o = &c->cur.c[i];
		if (o->off == w->off && o->m == w->m && o->x == w->x && !narrow_by(&r, o, o->sense))
			return 0;
	}
	if (!narrow_by(&r, w, sense) || r.lo > r.hi)
		return 0;
	if (r.has_eq) {
		if (r.eq < r.lo || r.eq > r.hi)
			return 0;
		for (int i = 0; i < r.nne; i++)
			if (r.ne[i] == r.eq)
				return 0;
		return 1;
	}
	/* Every value of a small interval excluded one by one. */
	if ((uint64_t)r.hi - r.lo < (uint64_t)r.nne) {
		for (uint64_t v = r.lo; v <= r.hi; v++) {
			int out = 0;
			for (int i = 0; i < r.nne && !out; i++)
				out = r.ne[i] == v;
			if (!out)
				return 1;
		}
		return 0;
	}
	return 1;
}

/* A test on an argument word: follow the side the path's earlier tests
 * leave possible, or both. */
static int branch(struct ctx *c, size_t pc, const struct state *st, uint16_t op, uint32_t k,
		  size_t t, size_t f)
{
	struct sf_wcond w = {st->a.off, st->a.m, st->a.x, k, op, 1};
	int can_t, can_f, r;

	can_t = feasible(c, &w, 1);
	can_f = feasible(c, &w, 0);
	if (!can_t && !can_f)
		return 0; /* the path cannot be taken: no outcome */
	if (!can_t || !can_f)
		return walk(c, can_t ? t : f, *st);
	if (c->cur.n == SF_EX_MAX_CONDS)
		return fail(c, pc, "tests too many conditions on one path");
	c->cur.c[c->cur.n++] = w;
	r = walk(c, t, *st);
	c->cur.c[c->cur.n - 1].sense = 0;
	if (!r)
		r = walk(c, f, *st);
	c->cur.n--;
	return r;
}

static int walk(struct ctx *c, size_t pc, struct state st)
{
	const struct sf_prog *p = c->prog;

	for (;;) {
		const struct sock_filter *in;
		struct sval kv;

		if (pc >= p->len)
			return fail(c, pc, "runs off its end");
		in = &p->insns[pc];
		kv = constant(in->k);
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
		case BPF_LDX: {
			struct sval *dst = BPF_CLASS(in->code) == BPF_LD ? &st.a : &st.xr;
			switch (BPF_MODE(in->code)) {
			case BPF_ABS:
				if (BPF_SIZE(in->code) != BPF_W)
					return fail(c, pc, "loads less than a word");
				if (load_word(c, pc, in->k, dst))
					return -1;
				break;
			case BPF_IMM:
				*dst = kv;
				break;
			case BPF_MEM:
				if (in->k >= BPF_MEMWORDS)
					return fail(c, pc, "uses scratch memory out of range");
				*dst = st.mem[in->k];
				break;
			case BPF_LEN:
				*dst = constant(sizeof(struct seccomp_data));
				break;
			default:
				return fail(c, pc, "uses an unsupported load");
			}
			pc++;
			break;
		}
		case BPF_ST:
		case BPF_STX:
			if (in->k >= BPF_MEMWORDS)
				return fail(c, pc, "uses scratch memory out of range");
			st.mem[in->k] = BPF_CLASS(in->code) == BPF_ST ? st.a : st.xr;
			pc++;
			break;
		case BPF_ALU:
			if (alu(c, pc, BPF_OP(in->code), &st.a,
				BPF_SRC(in->code) == BPF_X ? &st.xr : &kv))
				return -1;
			pc++;
			break;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				st.xr = st.a;
			else
				st.a = st.xr;
			pc++;
			break;
		case BPF_RET:
			if (BPF_RVAL(in->code) == BPF_K)
				return add_path(c, in->k);
			if (st.a.sym)
				return fail(c, pc, "returns an argument word");
			return add_path(c, st.a.x);
		case BPF_JMP: {
			uint16_t op = BPF_OP(in->code);
			size_t t = pc + 1 + in->jt, f = pc + 1 + in->jf;
			uint32_t k = in->k;
			if (op == BPF_JA) {
				pc += 1 + in->k;
				break;
			}
			if (BPF_SRC(in->code) == BPF_X) {
				if (st.xr.sym)
					return fail(c, pc, "compares two argument words");
				k = st.xr.x;
			}
			if (!st.a.sym) {
				pc = sf_bpf_jump_taken(op, st.a.x, k) ? t : f;
				break;
			}
			return branch(c, pc, &st, op, k, t, f);
		}
		default:
			return fail(c, pc, "has an unknown instruction");
		}
	}
}

int sf_explain_paths(const struct sf_prog *prog, uint32_t audit_arch, uint32_t nr,
		     const struct sf_ex_sig *sig, struct sf_paths *paths)
{
	struct ctx c;
	struct state st;

	memset(&c, 0, sizeof(c));
	memset(&st, 0, sizeof(st));
	c.prog = prog;
	c.arch = audit_arch;
	c.nr = nr;
	c.sig = sig;
	c.out = paths;
	paths->n = 0;
	if (walk(&c, 0, st))
		return -1;
	if (!paths->n)
		return fail(&c, 0, "has no way through");
	return 0;
}

void sf_paths_free(struct sf_paths *paths)
{
	free(paths->p);
	memset(paths, 0, sizeof(*paths));
}
