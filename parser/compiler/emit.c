/* The emitter and its fix-up pass (emit.h). */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

#define A_UNKNOWN (-1)
#define A_NONE (-3) /* no jump to this label yet */

void sf_em_init(struct emitter *em)
{
	memset(em, 0, sizeof(*em));
	em->loaded = A_UNKNOWN;
	em->pending = NEXT;
}

void sf_em_free(struct emitter *em)
{
	free(em->insns);
	free(em->label_at);
	free(em->label_a);
	free(em->rets);
	memset(em, 0, sizeof(*em));
}

static int grow(void **items, size_t *cap, size_t need, size_t size, int *oom)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*items, ncap * size);
	if (!n) {
		*oom = 1;
		return -1;
	}
	*items = n;
	*cap = ncap;
	return 0;
}

int sf_em_label(struct emitter *em)
{
	size_t cap = em->labels_cap;

	if (grow((void **)&em->label_at, &em->labels_cap, em->nlabels + 1, sizeof(int), &em->oom))
		return NEXT;
	if (grow((void **)&em->label_a, &cap, em->nlabels + 1, sizeof(int), &em->oom))
		return NEXT;
	em->label_at[em->nlabels] = -1;
	em->label_a[em->nlabels] = A_NONE;
	return (int)em->nlabels++;
}

/* Records what A holds on a path into label: every path (all jumps are
 * forward, so all are known when the label is placed) must agree for a
 * load to be skipped after it. */
static void reaches(struct emitter *em, int label)
{
	if (label < 0)
		return;
	if (em->label_a[label] == A_NONE)
		em->label_a[label] = em->loaded;
	else if (em->label_a[label] != em->loaded)
		em->label_a[label] = A_UNKNOWN;
}

static int falls_through(const struct emitter *em)
{
	uint16_t code;

	if (!em->n)
		return 1;
	code = em->insns[em->n - 1].code;
	return BPF_CLASS(code) != BPF_RET && code != (BPF_JMP | BPF_JA);
}

void sf_em_place(struct emitter *em, int label)
{
	if (label < 0)
		return;
	if (em->pending == label)
		em->pending = NEXT; /* its path was recorded by sf_em_jump() */
	else if (falls_through(em) && em->pending == NEXT)
		reaches(em, label);
	sf_em_flush(em);
	em->label_at[label] = (int)em->n;
	em->loaded = em->label_a[label] == A_NONE ? A_UNKNOWN : em->label_a[label];
}

static void emit_insn(struct emitter *em, uint16_t code, uint32_t k, int jt, int jf)
{
	if (grow((void **)&em->insns, &em->cap, em->n + 1, sizeof(*em->insns), &em->oom))
		return;
	em->insns[em->n].code = code;
	em->insns[em->n].k = k;
	em->insns[em->n].jt = jt;
	em->insns[em->n].jf = jf;
	em->n++;
	if (BPF_CLASS(code) == BPF_JMP) {
		reaches(em, jt);
		if (BPF_OP(code) != BPF_JA)
			reaches(em, jf);
	}
}

void sf_em_flush(struct emitter *em)
{
	int label = em->pending;

	if (label != NEXT) {
		em->pending = NEXT;
		emit_insn(em, BPF_JMP | BPF_JA, 0, label, NEXT);
	}
}

void sf_em_emit(struct emitter *em, uint16_t code, uint32_t k, int jt, int jf)
{
	sf_em_flush(em);
	emit_insn(em, code, k, jt, jf);
}

/* An unconditional jump, held back: a `ja` to the very next instruction
 * is a wasted instruction on the path. */
void sf_em_jump(struct emitter *em, int label)
{
	if (label == NEXT)
		return;
	sf_em_flush(em);
	reaches(em, label);
	em->pending = label;
}

void sf_em_load(struct emitter *em, uint32_t off)
{
	if (em->loaded == (int)off)
		return;
	sf_em_emit(em, BPF_LD | BPF_W | BPF_ABS, off, NEXT, NEXT);
	em->loaded = (int)off;
}

void sf_em_alu(struct emitter *em, uint16_t op, uint32_t k)
{
	sf_em_emit(em, BPF_ALU | op | BPF_K, k, NEXT, NEXT);
	em->loaded = -1;
}

/* The label of a shared `ret value`. */
int sf_em_ret(struct emitter *em, uint32_t value)
{
	size_t i;

	for (i = 0; i < em->nrets; i++)
		if (em->rets[i].value == value)
			return em->rets[i].label;
	if (grow((void **)&em->rets, &em->rets_cap, em->nrets + 1, sizeof(*em->rets), &em->oom))
		return NEXT;
	em->rets[em->nrets].value = value;
	em->rets[em->nrets].label = sf_em_label(em);
	return em->rets[em->nrets++].label;
}

static int is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

int sf_em_layout(struct emitter *em, struct sf_prog *out, struct sf_error *err)
{
	size_t *pos, i, total = 0;
	unsigned char *tramp;
	struct sock_filter *f;
	int changed, b;

	pos = calloc(em->n + 1, sizeof(*pos));
	tramp = calloc(em->n + 1, 1);
	if (!pos || !tramp) {
		free(pos);
		free(tramp);
		sf_error_set(err, "error: out of memory");
		return -1;
	}
	do {
		total = 0;
		for (i = 0; i < em->n; i++) {
			pos[i] = total;
			total += 1 + (tramp[i] & 1) + ((tramp[i] >> 1) & 1);
		}
		changed = 0;
		for (i = 0; i < em->n; i++) {
			const struct asm_insn *in = &em->insns[i];
			if (!is_cond_jump(in->code))
				continue;
			for (b = 0; b < 2; b++) {
				int label = b ? in->jf : in->jt;
				if (label == NEXT || (tramp[i] & (1 << b)))
					continue;
				if (pos[em->label_at[label]] - (pos[i] + 1) > 255) {
					tramp[i] |= (unsigned char)(1 << b);
					changed = 1;
				}
			}
		}
	} while (changed);

	f = calloc(total ? total : 1, sizeof(*f));
	if (!f) {
		free(pos);
		free(tramp);
		sf_error_set(err, "error: out of memory");
		return -1;
	}
	for (i = 0; i < em->n; i++) {
		const struct asm_insn *in = &em->insns[i];
		size_t at = pos[i], ntr = (tramp[i] & 1) + ((tramp[i] >> 1) & 1), t;
		f[at].code = in->code;
		f[at].k = in->k;
		if (BPF_CLASS(in->code) == BPF_JMP && BPF_OP(in->code) == BPF_JA) {
			f[at].k = (uint32_t)(pos[em->label_at[in->jt]] - (at + 1));
			continue;
		}
		if (!is_cond_jump(in->code))
			continue;
		for (b = 0, t = at + 1; b < 2; b++) {
			int label = b ? in->jf : in->jt;
			size_t off;
			if (tramp[i] & (1 << b)) {
				off = t - (at + 1);
				f[t].code = BPF_JMP | BPF_JA;
				f[t].k = (uint32_t)(pos[em->label_at[label]] - (t + 1));
				t++;
			} else if (label == NEXT) {
				off = ntr;
			} else {
				off = pos[em->label_at[label]] - (at + 1);
			}
			if (b)
				f[at].jf = (uint8_t)off;
			else
				f[at].jt = (uint8_t)off;
		}
	}
	free(pos);
	free(tramp);
	out->insns = f;
	out->len = total;
	return 0;
}
