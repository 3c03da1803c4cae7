/* What a stack's path and port rules grant, judged in sf-run: for --why
 * (a denial named) and --test (a path or port asked about). Paths are
 * compared absolute and canonical, as the rules' paths are opened. */
#ifndef SF_PATHCHECK_H
#define SF_PATHCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "stack.h"

/* Takes the rules of s: their paths made canonical against the current
 * directory. */
void sf_pathcheck_init(const struct sf_stack *s);

/* The first policy whose path rules do not grant need on the canonical
 * path p (with what it grants there in *granted, and a rule that grants
 * part of it in *rule, NULL for none), or -1 when every policy grants it. */
int sf_pathcheck_lacking(const char *p, uint64_t need, uint64_t *granted,
			 const struct sf_path_rule **rule);

/* The same for a TCP port: the first policy whose port rules do not grant
 * it, or -1. */
int sf_pathcheck_port(uint16_t port, int bind);

/* path made absolute (against base when relative; NULL: the current
 * directory) and canonical; a path that is not there as its directory's
 * canonical form and its name. 0, or -1. */
int sf_pathcheck_canonical(const char *base, const char *path, char *out, size_t size);

/* The words for the bits of need not in granted ("read write"). */
void sf_pathcheck_missing(uint64_t need, uint64_t granted, char *out, size_t size);

/* The name of policy i of the stack, for messages. */
const char *sf_pathcheck_name(int i);

#endif
