/* sf-run --test: what a stack of compiled filters answers to one call. */
#ifndef SF_CALLTEST_H
#define SF_CALLTEST_H

#include <linux/seccomp.h>
#include <stddef.h>

#include "arch.h"
#include "bpf.h"

/* Parses "name(arg, ...)" (numbers, constant names, A|B) into sd for arch,
 * or a report's own syntax: "name(arg=value, path=\"...\", ...)". A string
 * is seccomp's view of it, an address: SF_CALL_STRING. 0, or -1 with a
 * reason in why. */
#define SF_CALL_STRING 0x10000u
int sf_call_parse(const char *text, enum sf_arch arch, struct seccomp_data *sd, char *why,
		  size_t size);

/* Runs every program (index 0 installed first) and combines the results
 * as the kernel does: the most severe action wins, and among equals the
 * most recently installed filter's data. */
uint32_t sf_stack_run(const struct sf_prog *progs, size_t n, const struct seccomp_data *sd);

/* "allow", "kill-process", "errno EPERM", "trace 7", ... */
void sf_ret_format(uint32_t ret, char *buf, size_t size);

#endif
