/* A stack of policies, each compiled to its own filter, in the order they
 * are installed: what SF_POLICY/SF_RULES or sf-run's options describe. */
#ifndef SF_STACK_H
#define SF_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "compile.h"
#include "error.h"
#include "policy.h"

struct sf_stack {
	enum sf_arch arch;
	size_t n;
	struct sf_policy pol[SF_ID_MAX_POLICIES];
	struct sf_prog prog[SF_ID_MAX_POLICIES];
	enum sf_report report;
	/* FNV-1a-64 over the programs: SF_ACTIVE names the filters in force. */
	uint64_t hash;
};

void sf_stack_init(struct sf_stack *s, enum sf_arch arch);
void sf_stack_free(struct sf_stack *s);

/* Each adds one policy (parsed and finished) on top; 0 or -1 with err. */
int sf_stack_add_file(struct sf_stack *s, const char *path, struct sf_error *err);
int sf_stack_add_text(struct sf_stack *s, const char *name, const char *text, size_t len,
		      struct sf_error *err);

/* Compiles policy i with {report, policy_index i} into prog[i] and checks
 * each program as the kernel will; sets hash. 0 or -1 with err. */
int sf_stack_compile(struct sf_stack *s, enum sf_report report, struct sf_error *err);

/* Whether a policy of s says 'landlock: strict'; has path, port or scope
 * rules. */
int sf_stack_landlock_strict(const struct sf_stack *s);
int sf_stack_has_landlock(const struct sf_stack *s);
/* Each policy's path, port and scope rules as its own Landlock domain on
 * the calling thread, in order (domains stack: each only takes away).
 * abi: sf_ll_abi's. 0, or -1 with why. */
int sf_stack_enforce_landlock(const struct sf_stack *s, int abi, int strict, char *why,
			      size_t size);

/* Folds one program into an FNV-1a-64 hash (start with SF_HASH_INIT). */
#define SF_HASH_INIT 0xcbf29ce484222325ULL
uint64_t sf_prog_hash(uint64_t h, const struct sf_prog *prog);

#endif
