/* The report line sf-run prints when a program dies for a denied call:
 * the call, its arguments decoded as the policy language spells them
 * (paths as strings), and the rule that decided. */
#ifndef SF_REPORT_H
#define SF_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "stack.h"

struct sf_report_src {
	const struct sf_policy *pol[SF_ID_MAX_POLICIES]; /* in force, in order */
	unsigned n;
	/* Reads a NUL-terminated string of the program's at addr into out
	 * (size bytes with the NUL); returns its length, or -1. */
	int (*read_str)(void *ctx, uint64_t addr, char *out, size_t size);
	void *ctx;
};

/* The policies of s, read_str and ctx as a source of reports. */
struct sf_report_src sf_report_src_of(const struct sf_stack *s,
				      int (*read_str)(void *, uint64_t, char *, size_t), void *ctx);

/* Whether one of the policies kills or traps this call. */
int sf_report_denies(const struct sf_report_src *src, int nr, uint32_t arch,
		     const uint64_t args[6]);

/* "by FILE:LINE (ACTION)": the rule of the policies that kills or traps
 * this call, as a report names it; "" when none does. */
void sf_report_by(char *out, size_t size, const struct sf_report_src *src, int nr, uint32_t arch,
		  const uint64_t args[6]);

/* "blocked NAME(ARGS) by FILE:LINE (ACTION); to allow it: RULE", without
 * "sf: " or newline. */
void sf_report_format(char *out, size_t size, const struct sf_report_src *src, int nr,
		      uint32_t arch, const uint64_t args[6]);

/* Argument i of sc with value v as a report line writes it
 * (PROT_READ|PROT_WRITE, AF_INET, AT_FDCWD, ...), NUL-terminated. */
struct sf_syscall;
void sf_report_arg(char *out, size_t size, const struct sf_syscall *sc, int i, uint64_t v);

#endif
