/* The report line sf-run prints when a program dies for a denied call:
 * the call, its arguments decoded as the policy language spells them
 * (paths as strings), and the rule that decided. */
#ifndef SF_REPORT_H
#define SF_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"

struct sf_report_src {
	const struct sf_policy *const *pol; /* the policies in force, in order */
	unsigned n;
	/* Reads a NUL-terminated string of the program's at addr into out
	 * (size bytes with the NUL); returns its length, or -1. */
	int (*read_str)(void *ctx, uint64_t addr, char *out, size_t size);
	void *ctx;
};

/* Whether one of the policies kills or traps this call. */
int sf_report_denies(const struct sf_report_src *src, int nr, uint32_t arch,
		     const uint64_t args[6]);

/* "blocked NAME(ARGS) by FILE:LINE (ACTION)", without "sf: " or newline. */
void sf_report_format(char *out, size_t size, const struct sf_report_src *src, int nr,
		      uint32_t arch, const uint64_t args[6]);

/* Argument i of sc with value v as a report line writes it
 * (PROT_READ|PROT_WRITE, AF_INET, AT_FDCWD, ...), NUL-terminated. */
struct sf_syscall;
void sf_report_arg(char *out, size_t size, const struct sf_syscall *sc, int i, uint64_t v);

#endif
