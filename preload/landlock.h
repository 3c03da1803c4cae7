/* Landlock rulesets from a policy's path, port and scope rules, with raw
 * system calls only: shared by the shim (the exact ruleset before main),
 * sf-run (the widened ruleset before exec, the exact one added from
 * outside at the entry point) and sf_restrict. */
#ifndef SF_LANDLOCK_H
#define SF_LANDLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "landlock_rules.h"

/* The kernel's struct landlock_ruleset_attr as of ABI 6. */
struct sf_ll_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

/* The Landlock ABI the kernel speaks, 0 without Landlock, and at most cap
 * when cap > 0; 0 when cap < 0 (SF_LANDLOCK_ABI, for tests of older
 * kernels). */
int sf_ll_abi(int cap);
/* SF_LANDLOCK_ABI's value: a number 1 to 99; -1 for 0 (no Landlock);
 * else 0 (no cap). */
int sf_ll_abi_cap(const char *value);

/* What a ruleset for l handles on a kernel at abi; all zero when there is
 * nothing the kernel can enforce. Returns the attribute's size for
 * landlock_create_ruleset at that ABI. */
size_t sf_ll_attr_for(const struct sf_landlock *l, int abi, struct sf_ll_attr *attr);

/* Says on stderr, once per process and gap, each part of l a kernel at
 * abi cannot enforce (best effort); with strict, returns -1 and the first
 * gap in why instead (the caller stops the program). 0 when nothing is
 * missing or only warned of. */
int sf_ll_negotiate(const struct sf_landlock *l, int abi, int strict, char *why, size_t size);

/* Opens each path of l (O_PATH, following symlinks, relative to the
 * current directory) into fds[i]: -1 for one that is not there (it grants
 * nothing). Rules hold inodes: opening them once, early, keeps what a
 * rule means from changing with the file system later. 0, or -1 with
 * why (nothing left open). */
int sf_ll_open_paths(const struct sf_landlock *l, int *fds, char *why, size_t size);
void sf_ll_close_paths(const int *fds, size_t n);

/* Adds l's rules to the ruleset fd (handled as sf_ll_attr_for says), each
 * path through pfds[i] (sf_ll_open_paths), or opened now when pfds is
 * NULL. 0, or -1 with why. */
int sf_ll_add_rules(int fd, const struct sf_landlock *l, int abi, const int *pfds, char *why,
		    size_t size);

/* A new ruleset with l's rules (pfds as for sf_ll_add_rules): *fd, or -1
 * when the kernel can enforce none of them. 0, or -1 with why. */
int sf_ll_ruleset(const struct sf_landlock *l, int abi, const int *pfds, int *fd, char *why,
		  size_t size);

/* The flags of landlock_restrict_self at abi: from ABI 7 on, denials
 * after an exec are logged too (audit), as those before it are. */
unsigned sf_ll_restrict_flags(int abi);

/* landlock_restrict_self(fd), after no_new_privs: 0, or -1 with why. */
int sf_ll_restrict_self(int fd, int abi, char *why, size_t size);

/* Whether the process has one thread: Landlock restricts the calling
 * thread (and those it starts later), so another would go on
 * unrestricted. Asked before the first domain, which may deny
 * /proc/self/status. 0, or -1 with why. */
int sf_ll_single_thread(char *why, size_t size);

/* Builds and enforces l on the calling thread (the shim, after
 * sf_ll_single_thread; sf_restrict builds the ruleset itself and enforces
 * it on every thread, allthreads.h): negotiates first. 0, or -1 with why. */
int sf_ll_enforce(const struct sf_landlock *l, int abi, int strict, char *why, size_t size);

/* Folds l into an FNV-1a-64 hash (SF_ACTIVE names what is in force). */
uint64_t sf_ll_hash(uint64_t h, const struct sf_landlock *l);

/* The system call numbers (the same on x86_64 and aarch64). */
#define SF_NR_landlock_create_ruleset 444
#define SF_NR_landlock_add_rule 445
#define SF_NR_landlock_restrict_self 446

#endif
