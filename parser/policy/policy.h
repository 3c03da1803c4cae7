/* The policy model: what a parsed policy says, independent of text and BPF. */
#ifndef SF_POLICY_H
#define SF_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include "arch.h"
#include "landlock_rules.h"

enum sf_action_kind {
	/* In the kernel's order of precedence, most severe first. */
	SF_ACT_KILL_PROCESS,
	SF_ACT_KILL_THREAD,
	SF_ACT_TRAP,
	SF_ACT_ERRNO,
	SF_ACT_USER_NOTIF,
	SF_ACT_TRACE,
	SF_ACT_LOG,
	SF_ACT_ALLOW,
	/* While parsing only: "the denial action", known once the whole
	 * policy (and its default) has been read. */
	SF_ACT_DENIAL,
};

struct sf_action {
	unsigned char kind; /* enum sf_action_kind */
	uint16_t data;	    /* errno value, trace value, or trap data */
};

enum sf_node_kind {
	SF_NODE_OR,
	SF_NODE_AND,
	SF_NODE_NOT,
	SF_NODE_CMP,
};

enum sf_cmp_op {
	SF_CMP_EQ,
	SF_CMP_NE,
	SF_CMP_LT,
	SF_CMP_LE,
	SF_CMP_GT,
	SF_CMP_GE,
	SF_CMP_ANY, /* ARG & VALUE: some bit of VALUE is set */
	SF_CMP_IN,  /* ARG in VALUE: no bit outside VALUE is set */
};

/* One node of a boolean expression. Nodes live in the policy's array and
 * refer to each other by index, so a policy is one allocation to free. */
struct sf_node {
	unsigned char kind;    /* enum sf_node_kind */
	unsigned char op;      /* enum sf_cmp_op, for SF_NODE_CMP */
	unsigned char arg;     /* argument index 0..5 */
	unsigned char argtype; /* enum sf_argtype */
	uint64_t mask;	       /* (ARG & mask) is compared; all ones when no mask */
	uint64_t value;	       /* already reduced to the argument's width */
	int left, right;       /* children; NOT uses left only */
};

#define SF_NOTE_SIZE 320
#define SF_NOTES_MAX 100

/* A rule for one syscall number. When expr < 0 the rule is unconditional
 * and on_true applies; otherwise on_true when expr holds, else on_false. */
struct sf_rule {
	int nr;
	int expr;
	struct sf_action on_true;
	struct sf_action on_false;
	int file; /* index into sf_policy.files */
	int line;
	int col;
	/* The rule came from a group (`@network-io: ...`): an explicit rule
	 * for the same syscall replaces it instead of being an error. */
	unsigned char via_group;
};

struct sf_policy {
	enum sf_arch arch;
	struct sf_action default_action;
	int default_file, default_line; /* default_line 0: implicit */
	struct sf_rule *rules;
	size_t nrules, rules_cap;
	struct sf_node *nodes;
	size_t nnodes, nodes_cap;
	char **files; /* file names as given, for messages */
	size_t nfiles, files_cap;
	/* Optional @frequency hints: calls per syscall number, for layout. */
	struct sf_freq {
		int nr;
		uint64_t count;
	} * freq;
	size_t nfreq, freq_cap;
	/* Open-addressed map from syscall number to rule index + 1. */
	uint32_t *rule_slots;
	size_t rule_slots_cap;
	int default_set; /* a default: line was seen */
	/* @denylist: the default is allow, and a rule that allows outright
	 * (`1`) is an error, since it would change nothing. */
	int denylist;
	/* default-unknown: the action for numbers above the arch's highest
	 * known syscall (and past the x32 range), so that a newer libc's
	 * probe of a call sf does not know gets e.g. ENOSYS and falls back. */
	struct sf_action unknown_action;
	int unknown_set, unknown_file, unknown_line;
	/* Read from a container profile (parser/oci): its comparisons are
	 * libseccomp's, unsigned on 64 bits, not the syscall signature's, so
	 * what --check says of argument types does not apply. */
	int from_oci;
	/* A profile's flags list SECCOMP_FILTER_FLAG_SPEC_ALLOW: without it
	 * the engines install with the kernel's speculation mitigation. */
	int oci_spec_allow;
	/* What the parser found valid but likely not meant ('fd == 1 | 2'),
	 * each "FILE:LINE:COL: text", for sf-run --check to say. */
	struct sf_note {
		char text[SF_NOTE_SIZE];
	} * notes;
	size_t nnotes, notes_cap;
	/* Path, port and scope rules (Landlock's), apart from the filter. */
	struct sf_landlock landlock;
};

/* A deep copy of src into dst (which needs no init). 0, or -1 out of
 * memory (dst then empty). */
int sf_policy_copy(struct sf_policy *dst, const struct sf_policy *src);
/* The same without the path, port and scope rules: what a filter is
 * compiled from (sf-run's widened stack, which Landlock does not read). */
int sf_policy_copy_filter(struct sf_policy *dst, const struct sf_policy *src);

/* The first number past the arch's syscall table: default-unknown applies
 * from here on (outside the x32 range), where no rule names a number. */
uint32_t sf_policy_unknown_first(const struct sf_policy *p);

/* The action for a number without a rule: allow for the calls every
 * program makes behind its author's back (sf_policy_implicit), else
 * default-unknown's or the default. */
struct sf_action sf_policy_norule_action(const struct sf_policy *p, uint32_t nr);

/* The calls allowed when a policy has no rule for them: rt_sigreturn (and
 * i386's sigreturn) ends every signal handler, restart_syscall resumes a
 * sleep that a stop and continue interrupted, exit and exit_group end a
 * thread or the process. None reaches anything new; a policy that forgets
 * one kills programs at a signal or a SIGCONT, or at their very end (or,
 * with an errno default, leaves them spinning in exit). A rule for one of
 * them is obeyed as written. Sets *nrs to the arch's numbers; returns how
 * many. */
size_t sf_policy_implicit(enum sf_arch arch, const int **nrs);

/* The action a failed condition takes: the default action, or
 * kill-process when the default is allow or log (the seed's reduction). */
struct sf_action sf_policy_denial(const struct sf_policy *p);

const struct sf_rule *sf_policy_rule_for(const struct sf_policy *p, int nr);

/* Adds a rule for a number that has none; returns its index, or -1 when
 * out of memory (or when the number has a rule already). */
int sf_policy_add_rule(struct sf_policy *p, const struct sf_rule *r);
/* Adds r unless the policy has a rule for r->nr: returns the rule for
 * r->nr, the one there or the new copy of r (setting *added), or NULL when
 * out of memory. One lookup where sf_policy_rule_for and
 * sf_policy_add_rule would take two. */
struct sf_rule *sf_policy_add_new_rule(struct sf_policy *p, const struct sf_rule *r, int *added);
/* Room for nrules rules, so that adding them moves nothing: 0, or -1 when
 * out of memory. */
int sf_policy_reserve(struct sf_policy *p, size_t nrules);
/* Adds a node; returns its index, or -1 when out of memory. */
int sf_policy_add_node(struct sf_policy *p, const struct sf_node *n);
/* Adds a note unless it is there already (a file included twice) or
 * there are SF_NOTES_MAX: 0, or -1 when out of memory. */
int sf_policy_add_note(struct sf_policy *p, const char *text);

/* Room for need items of size bytes in *items (capacity *cap, doubled as
 * needed): 0, or -1 out of memory (*items unchanged). */
int sf_policy_grow(void **items, size_t *cap, size_t need, size_t size);

void sf_policy_init(struct sf_policy *p, enum sf_arch arch);
void sf_policy_free(struct sf_policy *p);

/* Text for an action as the language writes it: "allow", "errno EPERM", ... */
void sf_action_format(struct sf_action a, char *buf, size_t size);

#endif
