/* The emitter: BPF written against symbolic labels, laid out by one
 * fix-up pass that resolves them (with a `ja` trampoline where a
 * conditional jump is too far for its 8-bit offset). It tracks what the
 * accumulator holds, so that a word already loaded is not loaded again. */
#ifndef SF_EMIT_H
#define SF_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "error.h"

#define NEXT (-1) /* jump target: the following instruction */

struct asm_insn {
	uint16_t code;
	uint32_t k;
	int jt, jf; /* labels (or NEXT) for conditional jumps; jt for ja */
};

struct ret_slot {
	uint32_t value;
	int label;
};

struct emitter {
	struct asm_insn *insns;
	size_t n, cap;
	int *label_at; /* label -> index of the instruction it precedes */
	int *label_a;  /* label -> what A holds on every jump there (see place) */
	size_t nlabels, labels_cap;
	struct ret_slot *rets;
	size_t nrets, rets_cap;
	int loaded;  /* offset of the word in A, or -1 */
	int pending; /* a `ja` not yet emitted, dropped if its label comes next */
	int oom;     /* an allocation failed: the result is void */
};

void sf_em_init(struct emitter *em);
void sf_em_free(struct emitter *em);

/* A new label, not yet placed. */
int sf_em_label(struct emitter *em);
/* The next instruction is where label is. */
void sf_em_place(struct emitter *em, int label);
void sf_em_emit(struct emitter *em, uint16_t code, uint32_t k, int jt, int jf);
/* An unconditional jump (none when label is NEXT or comes next). */
void sf_em_jump(struct emitter *em, int label);
/* A = the 32-bit word at off of seccomp_data, unless A holds it. */
void sf_em_load(struct emitter *em, uint32_t off);
void sf_em_alu(struct emitter *em, uint16_t op, uint32_t k);
/* The label of a shared `ret value`. */
int sf_em_ret(struct emitter *em, uint32_t value);
/* Emits a held-back jump. */
void sf_em_flush(struct emitter *em);
/* The program: labels resolved, trampolines inserted. */
int sf_em_layout(struct emitter *em, struct sf_prog *out, struct sf_error *err);

#endif
