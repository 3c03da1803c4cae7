/* Merging a stack of programs into one (merge.h).
 *
 * Each program is laid out twice. In the first copy nothing is pending:
 * its `ret allow` jumps to the next program's first copy, so a call every
 * program allows outright runs only the programs' own instructions and
 * jumps, which the kernel's action cache understands. Any other answer is
 * kept in scratch memory (with its rank) and the run goes on in the next
 * program's second copy, where each answer replaces the kept one when it
 * ranks at least as high: the kernel keeps the newest filter's answer
 * among equals, and later programs are newer. The last second copy ends
 * with the kept answer.
 *
 * The kernel ranks answers by their action as a signed number (kill-process
 * is 0x80000000, the lowest); with the sign bit flipped, an unsigned
 * comparison (all BPF has) orders them the same way. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "merge.h"

#define KEPT 15	    /* scratch word: the answer kept so far */
#define KEPT_RANK 14 /* scratch word: its rank */

static uint32_t rank(uint32_t ret)
{
	return (ret & SECCOMP_RET_ACTION_FULL) ^ 0x80000000u;
}

/* An answer of a first copy to keep, laid out after all first copies. */
struct kept {
	int label;
	uint32_t ret;
	int then;
};

struct layout {
	struct emitter em;
	struct kept *kept;
	size_t nkept, kept_cap;
	size_t n;
	int *first, *second; /* label of each instruction, per program, per copy */
	size_t *base;	     /* index of each program's first instruction */
	int end;	     /* the second copies' end: return the kept answer */
};

static int at(const struct layout *l, int copy, size_t prog, size_t insn)
{
	return (copy ? l->second : l->first)[l->base[prog] + insn];
}

/* The start of program p's copy, or the end after the last program. */
static int start(const struct layout *l, int copy, size_t p)
{
	return p < l->n ? at(l, copy, p, 0) : l->end;
}

static void keep(struct emitter *em, uint32_t ret, int then)
{
	sf_em_emit(em, BPF_LD | BPF_IMM, ret, NEXT, NEXT);
	sf_em_emit(em, BPF_ST, KEPT, NEXT, NEXT);
	sf_em_emit(em, BPF_LD | BPF_IMM, rank(ret), NEXT, NEXT);
	sf_em_emit(em, BPF_ST, KEPT_RANK, NEXT, NEXT);
	sf_em_jump(em, then);
}

/* The kernel's check of scratch memory (check_load_and_stores) walks the
 * program in order and does not start afresh after a `ret`: code reached
 * only by jumps inherits what the instructions before it left valid. So
 * the first copies keep their answers out of line, after all of them: the
 * last of those ends with a jump, after which the check starts afresh, and
 * every jump into a second copy comes from a store. */
static void defer_keep(struct layout *l, uint32_t k, int then)
{
	int label = sf_em_label(&l->em);

	if (l->nkept == l->kept_cap) {
		size_t cap = l->kept_cap ? 2 * l->kept_cap : 16;
		struct kept *n = realloc(l->kept, cap * sizeof *n);

		if (!n) {
			l->em.oom = 1;
			return;
		}
		l->kept = n;
		l->kept_cap = cap;
	}
	l->kept[l->nkept].label = label;
	l->kept[l->nkept].ret = k;
	l->kept[l->nkept++].then = then;
	sf_em_jump(&l->em, label);
}

/* `ret k` of program p in a copy. */
static void ret(struct layout *l, int copy, size_t p, uint32_t k)
{
	struct emitter *em = &l->em;
	int replace;

	if (!copy) {
		if (p + 1 == l->n) {
			sf_em_emit(em, BPF_RET | BPF_K, k, NEXT, NEXT);
		} else if (k == SECCOMP_RET_ALLOW) {
			sf_em_jump(em, start(l, 0, p + 1));
		} else {
			defer_keep(l, k, start(l, 1, p + 1));
		}
		return;
	}
	/* Something is kept already, and it is not allow: allow never wins. */
	if (k == SECCOMP_RET_ALLOW) {
		sf_em_jump(em, start(l, 1, p + 1));
		return;
	}
	replace = sf_em_label(em);
	sf_em_emit(em, BPF_LD | BPF_MEM, KEPT_RANK, NEXT, NEXT);
	sf_em_emit(em, BPF_JMP | BPF_JGE | BPF_K, rank(k), replace, start(l, 1, p + 1));
	sf_em_place(em, replace);
	keep(em, k, start(l, 1, p + 1));
}

static int copy_program(struct layout *l, int copy, size_t p, const struct sf_prog *prog,
			struct sf_error *err)
{
	for (size_t j = 0; j < prog->len; j++) {
		const struct sock_filter *f = &prog->insns[j];
		uint16_t code = f->code;

		sf_em_place(&l->em, at(l, copy, p, j));
		if (BPF_CLASS(code) == BPF_RET) {
			if (BPF_RVAL(code) != BPF_K) {
				sf_error_set(err, "error: cannot merge a program that returns A");
				return -1;
			}
			ret(l, copy, p, f->k);
		} else if (BPF_CLASS(code) == BPF_JMP && BPF_OP(code) == BPF_JA) {
			sf_em_jump(&l->em, at(l, copy, p, j + 1 + f->k));
		} else if (BPF_CLASS(code) == BPF_JMP) {
			sf_em_emit(&l->em, code, f->k, at(l, copy, p, j + 1 + f->jt),
				   at(l, copy, p, j + 1 + f->jf));
		} else if (BPF_CLASS(code) == BPF_ST || BPF_CLASS(code) == BPF_STX ||
			   BPF_MODE(code) == BPF_MEM) {
			sf_error_set(err, "error: cannot merge a program that uses scratch memory");
			return -1;
		} else {
			sf_em_emit(&l->em, code, f->k, NEXT, NEXT);
		}
	}
	return 0;
}

int sf_prog_merge(const struct sf_prog *progs, size_t n, struct sf_prog *out,
		  struct sf_error *err)
{
	struct layout l;
	size_t total = 0;
	int r = -1;

	memset(out, 0, sizeof(*out));
	if (!n) {
		sf_error_set(err, "error: nothing to merge");
		return -1;
	}
	memset(&l, 0, sizeof l);
	sf_em_init(&l.em);
	l.n = n;
	l.base = calloc(n, sizeof *l.base);
	for (size_t p = 0; p < n; p++) {
		if (l.base)
			l.base[p] = total;
		total += progs[p].len;
	}
	l.first = calloc(total, sizeof *l.first);
	l.second = calloc(total, sizeof *l.second);
	if (!l.base || !l.first || !l.second) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}
	for (size_t i = 0; i < total; i++) {
		l.first[i] = sf_em_label(&l.em);
		l.second[i] = sf_em_label(&l.em);
	}
	l.end = sf_em_label(&l.em);
	/* Every jump goes forward: all first copies, the answers they keep,
	 * then the second copies (only reached through a kept answer). */
	for (size_t p = 0; p < n; p++)
		if (copy_program(&l, 0, p, &progs[p], err))
			goto out;
	for (size_t i = 0; i < l.nkept; i++) {
		sf_em_place(&l.em, l.kept[i].label);
		keep(&l.em, l.kept[i].ret, l.kept[i].then);
	}
	for (size_t p = 1; p < n && l.nkept; p++)
		if (copy_program(&l, 1, p, &progs[p], err))
			goto out;
	sf_em_place(&l.em, l.end);
	if (n > 1 && l.nkept) {
		sf_em_emit(&l.em, BPF_LD | BPF_MEM, KEPT, NEXT, NEXT);
		sf_em_emit(&l.em, BPF_RET | BPF_A, 0, NEXT, NEXT);
	}
	sf_em_flush(&l.em);
	if (l.em.oom) {
		sf_error_set(err, "error: out of memory");
		goto out;
	}
	if (sf_em_layout(&l.em, out, err))
		goto out;
	if (out->len > SF_BPF_MAX_INSNS) {
		sf_error_set(err,
			     "error: the stack merged into one filter needs %zu instructions, more "
			     "than the kernel's %d",
			     out->len, SF_BPF_MAX_INSNS);
		sf_prog_free(out);
		goto out;
	}
	r = 0;
out:
	free(l.kept);
	free(l.base);
	free(l.first);
	free(l.second);
	sf_em_free(&l.em);
	return r;
}
