/* The parts of --explain: symbolic execution of a program for one syscall
 * number (explain_sym.c) and conditions as policy text (explain_text.c). */
#ifndef SF_EXPLAIN_INT_H
#define SF_EXPLAIN_INT_H

#include <stdint.h>
#include <stdio.h>

#include "bpf.h"
#include "constname.h"

#define SF_EX_MAX_CONDS 96
#define SF_EX_MAX_PATHS 4096

/* One test a path passed or failed: ((word & m) ^ x) OP k, where word is
 * the 32-bit word at offset off of seccomp_data. */
struct sf_wcond {
	uint32_t off;
	uint32_t m, x, k;
	uint16_t op;   /* BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET */
	uint8_t sense; /* 1: the test held on this path */
};

struct sf_path {
	struct sf_wcond c[SF_EX_MAX_CONDS];
	int n;
	uint32_t ret;
};

struct sf_paths {
	struct sf_path *p;
	size_t n, cap;
	/* What could not be followed exactly and was taken as 0. */
	unsigned assumed;  /* bit per kind, see SF_EX_ASSUMED_* */
	const char *error; /* non-NULL: cannot be explained */
	size_t error_pc;
};

#define SF_EX_ASSUMED_HI32 1u  /* upper half of a 32-bit argument */
#define SF_EX_ASSUMED_IP 2u    /* instruction_pointer */
#define SF_EX_ASSUMED_NOARG 4u /* an argument the syscall does not take */

/* Argument widths per syscall: which words the language can name. */
struct sf_ex_sig {
	int nargs; /* 6 for a number without a signature */
	unsigned char type[6];
};

/* Every path through prog for this number on arch (words the language
 * cannot name, per sig, read as 0). 0, or -1 with paths->error set. */
int sf_explain_paths(const struct sf_prog *prog, uint32_t audit_arch, uint32_t nr,
		     const struct sf_ex_sig *sig, struct sf_paths *paths);
void sf_paths_free(struct sf_paths *paths);

/* Whether the equality eq, as it held, fixes every bit w reads: -1 when
 * not, else whether w's test holds then. */
int sf_wcond_decides(const struct sf_wcond *eq, const struct sf_wcond *w);

/* Writes one condition (as it held, or its negation) about an argument
 * named name of type type, as an sf expression; values of the domain dom
 * by name. */
void sf_wcond_text(FILE *out, const struct sf_wcond *c, int sense, const char *name,
		   unsigned char type, enum sf_const_domain dom);

#endif
