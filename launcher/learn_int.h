/* Learn mode's parts: what was recorded (learn_rec.c) and how the policy
 * is written (learn_write.c); constants are named by constname.c. */
#ifndef SF_LAUNCHER_LEARN_INT_H
#define SF_LAUNCHER_LEARN_INT_H

#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "constname.h"
#include "learn_paths.h"
#include "learn_run.h"
#include "policy.h"
#include "syscalls.h"

/* What the child sends with the listener (SCM_RIGHTS). */
#define SF_LEARN_HELLO "sflearn1"
struct sf_learn_hello {
	char magic[8]; /* SF_LEARN_HELLO without its NUL */
	int32_t pid;
};

/* The signal state the child restores before exec. */
struct sf_learn_sigs {
	sigset_t mask;
};

/* In the forked child: installs the recording filter, sends its listener
 * over sock, execs the program. Does not return. */
__attribute__((noreturn)) void sf_learn_child(const struct sf_learn_opts *o, int sock,
					      const struct sf_learn_sigs *old, uint32_t audit_arch);

/* Numbers up to here get a rule each; higher ones (no syscall has one) are
 * only counted. */
#define SF_LEARN_NR_LIMIT 4096
/* Distinct values kept per watched argument; past this, no condition. */
#define SF_LEARN_MAX_VALUES 32

/* The argument conditions learn mode writes, each cheap (one or two
 * comparisons of one argument) and decided by every call seen. */
enum sf_learn_kind {
	SF_LEARN_VALUES,    /* arg is one of the values seen (socket family, ...) */
	SF_LEARN_NOT_WX,    /* prot never had PROT_WRITE and PROT_EXEC together */
	SF_LEARN_READ_ONLY, /* flags always read-only, without O_CREAT or O_TRUNC */
};

struct sf_learn_watch {
	const char *call, *arg;
	enum sf_learn_kind kind;
	enum sf_const_domain domain; /* sf_const_domain(call, arg) */
	const char *deny;	     /* the action for other values, or NULL: the default */
	int nr, argi;		     /* resolved on this arch; nr -1 when it has no such call */
	int broken;		     /* a call fell outside the condition: none is written */
	size_t nvals;
	uint32_t vals[SF_LEARN_MAX_VALUES]; /* SF_LEARN_VALUES: sorted */
};

#define SF_LEARN_NWATCH 12

struct sf_learn_rec {
	enum sf_arch arch;
	const struct sf_syscall_table *table;
	uint32_t audit_arch;
	int prctl_nr;
	uint64_t count[SF_LEARN_NR_LIMIT];
	/* The shim's own calls in a nested exec (see learn_rec.c): allowed
	 * although nothing recorded them. */
	unsigned char shim[SF_LEARN_NR_LIMIT];
	uint64_t total, foreign, x32, beyond;
	/* The program's calls before the shim's mark (pid top), which the
	 * loader allowance of sf-run's coarse filter lets through. */
	pid_t top;
	int main_seen;
	uint64_t premain;
	struct sf_policy loader;
	struct sf_learn_watch watch[SF_LEARN_NWATCH];
	size_t nwatch;
	/* The processes seen: an open-addressed set of pids. */
	pid_t *pids;
	size_t npids, pids_cap;
	/* The files and ports used, or NULL (--learn-no-paths). */
	struct sf_learn_paths *paths;
};

void sf_learn_rec_init(struct sf_learn_rec *r, enum sf_arch arch);
void sf_learn_rec_free(struct sf_learn_rec *r);
/* 1 when the call counts towards the policy (not one before main that
 * the loader allowance lets through, nor one no sf filter allows). */
int sf_learn_rec_add(struct sf_learn_rec *r, pid_t pid, const struct seccomp_data *d);
/* More than skip execve or execveat calls were recorded: a new image ran
 * under the filter (skip 1: the first was sf-run's own, under --early). */
int sf_learn_rec_any_exec(const struct sf_learn_rec *r, uint64_t skip);
/* When a nested exec was recorded: adds what the shim in the new image
 * will call under the learned policy, which learn mode's shim does not. */
void sf_learn_rec_add_shim(struct sf_learn_rec *r);
/* The watch for nr, or NULL. */
const struct sf_learn_watch *sf_learn_rec_watch(const struct sf_learn_rec *r, int nr);

struct sf_learn_doc {
	char **argv;		      /* the command */
	const char *out;	      /* the policy's file name, for the "use" line */
	const char *base_abs;	      /* BASE's absolute path, or NULL */
	const struct sf_policy *base; /* BASE parsed, or NULL */
	int early;		      /* for sf-run --early */
};

/* The kinds of Landlock rules a policy has, which --merge adds to. */
#define SF_MERGE_PATHS 1u
#define SF_MERGE_PORTS 2u

/* Which of SF_MERGE_* the policy at path (parsed, with its includes) has.
 * Errors: one line, exit 125. */
unsigned sf_learn_merge_kinds(const char *path);

/* Writes to out the policy at old_path followed by each rule of learned
 * (a policy sf_learn_write and sf_learn_paths_write wrote) that it lacks,
 * path and port rules only of the kinds given (SF_MERGE_*); sets *left_out
 * to the kinds of those it left out. Returns how many were added. */
size_t sf_learn_merge(FILE *out, const char *old_path, FILE *learned, char **argv, unsigned kinds,
		      unsigned *left_out);

/* Writes the policy. Returns the number of rules written. */
size_t sf_learn_write(FILE *f, const struct sf_learn_rec *r, const struct sf_learn_doc *doc);

#endif
