/* sf-run --learn: run a program with every call allowed but recorded, and
 * write a policy that allows what it called. */
#ifndef SF_LAUNCHER_LEARN_RUN_H
#define SF_LAUNCHER_LEARN_RUN_H

struct sf_learn_opts {
	const char *out;  /* the policy to write */
	const char *base; /* -p BASE, or NULL */
	const char *path; /* the program file, as sf_find_program found it */
	char **argv;	  /* PROGRAM [ARG...] */
	/* --early: the policy will be in force from exec on (sf-run --early),
	 * so no call before main is left out. */
	int early;
	int shim;  /* the shim is preloaded */
	int merge; /* --merge: add to OUT, which exists, what it lacks */
	/* Add path and port rules (learn_paths.h): the default, 0 under
	 * --learn-no-paths. */
	int paths;
};

/* The environment (LD_PRELOAD with the shim, no SF_POLICY/SF_RULES) is
 * set by the caller. Forks, runs the program as a child under a recording
 * filter with SF_LEARN=1, records its calls and its descendants' until all
 * have exited, writes o->out and returns the program's exit status (128 +
 * N when a signal N killed it). Errors: one line, exit 125. */
int sf_learn_run(const struct sf_learn_opts *o);

#endif
