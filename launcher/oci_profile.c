/* A stack of policies as OCI profile entries (oci_profile.h).
 *
 * For each syscall of the arch, the stack's answer is built as a decision
 * diagram over the argument bits (argdd.c): every rule's condition, its
 * two answers, the calls sf allows without a rule, and the kernel's way of
 * ranking the answers of stacked filters. A profile entry can compare each
 * argument once (libseccomp refuses two comparisons of one argument in a
 * rule, and runc then splits the entry into one rule a comparison, which
 * ORs them), so the diagram is cut at argument boundaries: from a node
 * that tests argument a, each way out of a's bits is one set of a's
 * values, written as one comparison where one says exactly that set (==,
 * !=, <=, >=, a masked ==) and otherwise as the masked equalities of its
 * paths. Every entry is a product of such sets, entries for one call
 * never overlap, and their union is exactly where the stack gives the
 * entry's answer: the profile means what the stack means on every 64-bit
 * input. */
#include <stdlib.h>
#include <string.h>

#include "argdd.h"
#include "launcher.h"
#include "oci_profile.h"

/* More entries than this for one call is refused: the filter libseccomp
 * builds from them would be too large, and nobody could read them. */
#define MAX_ENTRIES_PER_CALL 1024
/* Masked equalities for one argument's set. */
#define MAX_CUBES 512

struct actions {
	struct sf_action a[4 * SF_ID_MAX_POLICIES + 4];
	size_t n;
};

static uint32_t action_index(struct actions *t, struct sf_action a)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->a[i].kind == a.kind && t->a[i].data == a.data)
			return (uint32_t)i;
	t->a[t->n] = a;
	return (uint32_t)t->n++;
}

/* The kernel keeps the most severe answer of a stack, the newest filter's
 * among equals; sf_action_kind lists them most severe first. */
static int newer_wins(uint32_t newer, uint32_t old, void *ctx)
{
	const struct actions *t = ctx;

	return t->a[newer].kind <= t->a[old].kind;
}

const char *sf_oci_file(const struct sf_policy *p, int file)
{
	if (file >= 0 && (size_t)file < p->nfiles)
		return p->files[file];
	return p->nfiles ? p->files[0] : "policy";
}

void sf_oci_where(const struct sf_stack *s, int nr, char *buf, size_t size)
{
	const struct sf_policy *p0 = &s->pol[0];

	for (size_t i = 0; i < s->n; i++) {
		const struct sf_rule *r = sf_policy_rule_for(&s->pol[i], nr);

		if (r) {
			snprintf(buf, size, "%s:%d", sf_oci_file(&s->pol[i], r->file), r->line);
			return;
		}
	}
	if (p0->default_line)
		snprintf(buf, size, "%s:%d", sf_oci_file(p0, p0->default_file), p0->default_line);
	else
		snprintf(buf, size, "%s", sf_oci_file(p0, 0));
}

/* The stack's answer to syscall nr, leaves indexing t. */
static uint32_t stack_dd(const struct sf_stack *s, int nr, struct dd *d, struct actions *t)
{
	uint32_t root = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct sf_policy *p = &s->pol[i];
		const struct sf_rule *r = sf_policy_rule_for(p, nr);
		uint32_t u;

		if (!r) {
			u = dd_leaf(d, action_index(t, sf_policy_norule_action(p, (uint32_t)nr)));
		} else if (r->expr < 0) {
			u = dd_leaf(d, action_index(t, r->on_true));
		} else {
			uint32_t map[2];

			map[DD_FALSE] = dd_leaf(d, action_index(t, r->on_false));
			map[DD_TRUE] = dd_leaf(d, action_index(t, r->on_true));
			u = dd_map(d, dd_expr(d, p, r->expr), map, 2);
		}
		root = i ? dd_stack(d, root, u, newer_wins, t) : u;
	}
	if (d->oom)
		sf_fatal("out of memory");
	return root;
}

struct cube {
	uint64_t mask, value;
};

struct cutter {
	const struct sf_stack *s;
	struct dd *d;
	struct sf_oci_profile *out;
	int nr;
	uint32_t target;	 /* the leaf whose entries are written */
	struct sf_action action; /* its answer */
	unsigned char *reach;	 /* per node: 0 unknown, 1 no, 2 yes */
	size_t written;
	int ranges;	      /* also <=, >= and != (a call's only entry) */
	const char *overflow; /* what exceeded its limit, or NULL */
	struct cube cube[MAX_CUBES];
	size_t ncube;
};

/* The call cannot be written within the limits: the cutting stops, and
 * add_call refuses or approximates. */
static void too_many(struct cutter *c, const char *what)
{
	c->overflow = what;
}

static __attribute__((noreturn)) void refuse(const struct cutter *c, const char *what)
{
	char where[512];

	sf_oci_where(c->s, c->nr, where, sizeof where);
	sf_fatal("%s: %s needs more than %d %s in an OCI profile, which compares each argument "
		 "once an entry and as 64 bits unsigned; simplify the condition (or "
		 "--approximate)",
		 where, sf_syscall_by_nr(sf_arch_info(c->s->arch)->table, c->nr)->name,
		 what[0] == 'e' ? MAX_ENTRIES_PER_CALL : MAX_CUBES, what);
}

static int reaches(struct cutter *c, uint32_t u)
{
	const struct dd_node *n = &c->d->node[u];

	if (dd_is_leaf(c->d, u))
		return n->lo == c->target;
	if (!c->reach[u])
		c->reach[u] = 1 + (reaches(c, n->lo) || reaches(c, n->hi));
	return c->reach[u] == 2;
}

/* The paths from u to exit e (to every exit but e when others is set)
 * through the bits of argument arg, each a cube of its values. */
static void paths(struct cutter *c, uint32_t u, uint32_t e, int others, unsigned arg, uint64_t mask,
		  uint64_t value)
{
	const struct dd_node *n = &c->d->node[u];

	if (c->overflow)
		return;
	if (dd_is_leaf(c->d, u) || n->var >= (arg + 1) * 64) {
		if ((u == e) != others) {
			if (c->ncube == MAX_CUBES) {
				too_many(c, "masked comparisons of one argument");
				return;
			}
			c->cube[c->ncube++] = (struct cube){mask, value};
		}
		return;
	}
	uint64_t bit = (uint64_t)1 << (63 - (n->var - arg * 64));
	paths(c, n->lo, e, others, arg, mask | bit, value);
	paths(c, n->hi, e, others, arg, mask | bit, value | bit);
}

static void exits(const struct dd *d, uint32_t u, unsigned arg, uint32_t *out, size_t *n,
		  size_t cap)
{
	const struct dd_node *x = &d->node[u];

	if (dd_is_leaf(d, u) || x->var >= (arg + 1) * 64) {
		for (size_t i = 0; i < *n; i++)
			if (out[i] == u)
				return;
		if (*n < cap)
			out[(*n)++] = u;
		return;
	}
	exits(d, x->lo, arg, out, n, cap);
	exits(d, x->hi, arg, out, n, cap);
}

/* A new entry for nr with answer a and no comparisons yet. */
static struct sf_oci_entry *add_entry(struct sf_oci_profile *p, int nr, struct sf_action a)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		struct sf_oci_entry *ne = realloc(p->e, cap * sizeof *ne);

		if (!ne)
			sf_fatal("out of memory");
		p->e = ne;
		p->cap = cap;
	}
	memset(&p->e[p->n], 0, sizeof p->e[p->n]);
	p->e[p->n].nr = nr;
	p->e[p->n].action = a;
	return &p->e[p->n++];
}

static void walk(struct cutter *c, uint32_t u, struct sf_oci_cond *conds, unsigned nconds);

/* Each comparison that states one cube of c->cube, then on from e. */
static void each_cube(struct cutter *c, uint32_t e, unsigned arg, struct sf_oci_cond *conds,
		      unsigned nconds)
{
	size_t n = c->ncube;
	struct cube *copy = malloc(n * sizeof *copy);

	if (!copy)
		sf_fatal("out of memory");
	memcpy(copy, c->cube, n * sizeof *copy);
	for (size_t i = 0; i < n && !c->overflow; i++) {
		conds[nconds] = (struct sf_oci_cond){
		    (unsigned char)arg, copy[i].mask == ~(uint64_t)0 ? SF_OCI_EQ : SF_OCI_MASKED_EQ,
		    copy[i].mask == ~(uint64_t)0 ? copy[i].value : copy[i].mask, copy[i].value};
		if (conds[nconds].op == SF_OCI_EQ)
			conds[nconds].value_two = 0;
		walk(c, e, conds, nconds + 1);
	}
	free(copy);
}

/* The entries for the set of argument arg's values that lead from u to e. */
static void one_set(struct cutter *c, uint32_t u, uint32_t e, unsigned arg,
		    struct sf_oci_cond *conds, unsigned nconds)
{
	unsigned __int128 count = 0, all = (unsigned __int128)1 << 64;
	uint64_t min = ~(uint64_t)0, max = 0;
	struct sf_oci_cond *k = &conds[nconds];

	c->ncube = 0;
	paths(c, u, e, 0, arg, 0, 0);
	if (c->overflow)
		return;
	for (size_t i = 0; i < c->ncube; i++) {
		count += (unsigned __int128)1 << (64 - __builtin_popcountll(c->cube[i].mask));
		if (c->cube[i].value < min)
			min = c->cube[i].value;
		if ((c->cube[i].value | ~c->cube[i].mask) > max)
			max = c->cube[i].value | ~c->cube[i].mask;
	}
	if (count == all) { /* any value: no comparison */
		walk(c, e, conds, nconds);
		return;
	}
	if (c->ranges) {
		*k = (struct sf_oci_cond){(unsigned char)arg, SF_OCI_LE, max, 0};
		if (c->ncube > 1 && count == (unsigned __int128)max - min + 1 &&
		    (min == 0 || max == ~(uint64_t)0)) {
			if (min) {
				k->op = SF_OCI_GE;
				k->value = min;
			}
			walk(c, e, conds, nconds + 1);
			return;
		}
		if (count == all - 1) { /* all but one value */
			c->ncube = 0;
			paths(c, u, e, 1, arg, 0, 0);
			if (c->ncube == 1 && c->cube[0].mask == ~(uint64_t)0) {
				k->op = SF_OCI_NE;
				k->value = c->cube[0].value;
				walk(c, e, conds, nconds + 1);
				return;
			}
			c->ncube = 0;
			paths(c, u, e, 0, arg, 0, 0);
		}
	}
	each_cube(c, e, arg, conds, nconds);
}

static void walk(struct cutter *c, uint32_t u, struct sf_oci_cond *conds, unsigned nconds)
{
	uint32_t out[256];
	size_t n = 0;
	unsigned arg;

	if (c->overflow)
		return;
	if (dd_is_leaf(c->d, u)) {
		struct sf_oci_entry *x;

		if (c->d->node[u].lo != c->target)
			return;
		if (++c->written > MAX_ENTRIES_PER_CALL) {
			too_many(c, "entries");
			return;
		}
		x = add_entry(c->out, c->nr, c->action);
		x->nconds = (unsigned char)nconds;
		memcpy(x->cond, conds, nconds * sizeof *conds);
		return;
	}
	if (!reaches(c, u))
		return;
	arg = c->d->node[u].var / 64;
	exits(c->d, u, arg, out, &n, sizeof out / sizeof out[0]);
	if (n == sizeof out / sizeof out[0]) {
		too_many(c, "entries");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (reaches(c, out[i]))
			one_set(c, u, out[i], arg, conds, nconds);
}

static int same_action(struct sf_action a, struct sf_action b)
{
	return a.kind == b.kind && a.data == b.data;
}

/* The answer a policy stack gives a number no rule names. */
static struct sf_action norule(const struct sf_stack *s, uint32_t nr, int gap)
{
	struct sf_action a = {SF_ACT_ALLOW, 0};

	for (size_t i = 0; i < s->n; i++) {
		struct sf_action b =
		    gap ? s->pol[i].default_action : sf_policy_norule_action(&s->pol[i], nr);

		if (!i || b.kind <= a.kind)
			a = b;
	}
	return a;
}

/* A number without a name cannot be written: only where its answer is
 * the profile's default anyway. */
static void check_unnamed_rules(const struct sf_stack *s, struct sf_action dflt)
{
	const struct sf_syscall_table *tab = sf_arch_info(s->arch)->table;

	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < s->pol[i].nrules; j++) {
			const struct sf_rule *r = &s->pol[i].rules[j];
			struct actions t = {.n = 0};
			struct dd d;
			uint32_t root;

			if (sf_syscall_by_nr(tab, r->nr))
				continue;
			dd_init(&d);
			root = stack_dd(s, r->nr, &d, &t);
			if (!dd_is_leaf(&d, root) || !same_action(t.a[d.node[root].lo], dflt))
				sf_fatal("%s:%d: syscall number %d has no name on %s, and an OCI "
					 "profile names every call it treats apart",
					 sf_oci_file(&s->pol[i], r->file), r->line, r->nr,
					 sf_arch_info(s->arch)->name);
			dd_free(&d);
		}
}

static void add_call(const struct sf_stack *s, int nr, struct sf_action dflt, int approx,
		     struct sf_oci_profile *out);

/* On i386 libseccomp turns a rule for one of these into a rule for the
 * multiplexer too, socketcall(SYS_SOCKET, ...) or ipc(SEMOP, ...), which
 * cannot see the real arguments (they are in memory) and which sf's filter
 * answers apart: the profile would allow more than the policy. */
static const char *const i386_multiplexed[] = {
    "socket",	  "bind",    "connect",	   "listen",  "accept",	  "getsockname", "getpeername",
    "socketpair", "send",    "recv",	   "sendto",  "recvfrom", "shutdown",	 "setsockopt",
    "getsockopt", "sendmsg", "recvmsg",	   "accept4", "recvmmsg", "sendmmsg",	 "semop",
    "semget",	  "semctl",  "semtimedop", "msgsnd",  "msgrcv",	  "msgget",	 "msgctl",
    "shmat",	  "shmdt",   "shmget",	   "shmctl",  NULL};

static void check_multiplexed(const struct sf_stack *s, const struct sf_oci_profile *out)
{
	const struct sf_syscall_table *tab = sf_arch_info(s->arch)->table;
	char where[512];

	if (s->arch != SF_ARCH_I386)
		return;
	for (size_t i = 0; i < out->n; i++) {
		const char *name = sf_syscall_by_nr(tab, out->e[i].nr)->name;

		for (size_t k = 0; i386_multiplexed[k]; k++)
			if (!strcmp(name, i386_multiplexed[k])) {
				sf_oci_where(s, out->e[i].nr, where, sizeof where);
				sf_fatal("%s: on i386 libseccomp applies a rule for %s to its "
					 "multiplexer (socketcall or ipc) too, which sf's filter "
					 "answers apart: an OCI profile would allow more",
					 where, name);
			}
	}
}

void sf_oci_profile_build(const struct sf_stack *s, int approx, struct sf_oci_profile *out)
{
	const struct sf_arch_info *ai = sf_arch_info(s->arch);
	uint32_t first = sf_policy_unknown_first(&s->pol[0]);
	struct sf_action dflt = norule(s, first, 0);

	sf_refuse_landlock(s, "a seccomp profile");
	memset(out, 0, sizeof(*out));
	out->arch = s->arch;
	/* A profile gives every call it does not name its defaultAction:
	 * numbers past the table and in its gaps alike. */
	if (!same_action(dflt, norule(s, first, 1)))
		for (size_t i = 0; i < s->n; i++)
			if (s->pol[i].unknown_set)
				sf_fatal("%s:%d: default-unknown differs from the default, and an "
					 "OCI profile has one defaultAction for every call it does "
					 "not name (runc answers ENOSYS past the newest call a "
					 "profile names)",
					 sf_oci_file(&s->pol[i], s->pol[i].unknown_file),
					 s->pol[i].unknown_line);
	out->default_action = dflt;
	check_unnamed_rules(s, dflt);
	for (size_t k = 0; k < ai->table->count; k++)
		add_call(s, ai->table->calls[k].nr, dflt, approx, out);
	check_multiplexed(s, out);
}

/* The entries of syscall nr. libseccomp (2.5.4) builds wrong filters from
 * several rules for one call where one compares with != or an ordering
 * (the else-branch of a failed != or of a 64-bit ordering's upper half
 * skips the sibling rules: bats/oci-emit.bats checks the filters), and
 * right ones where every rule compares with == and masked ==, and where
 * the call has one rule. So orderings and != are written only for a call
 * whose answer takes one entry; the others are cut into masked equalities. */
/* The most severe answer any input of the call gets (the first found
 * among equals): what --approximate gives every input of a call that
 * cannot be written exactly, so that the profile never allows more. */
static uint32_t most_severe(const struct dd *d, uint32_t u, const struct actions *t,
			    unsigned char *seen, uint32_t best)
{
	if (seen[u])
		return best;
	seen[u] = 1;
	if (dd_is_leaf(d, u)) {
		uint32_t v = d->node[u].lo;
		return best == UINT32_MAX || t->a[v].kind < t->a[best].kind ? v : best;
	}
	best = most_severe(d, d->node[u].lo, t, seen, best);
	return most_severe(d, d->node[u].hi, t, seen, best);
}

static void approximate(const struct cutter *c, struct dd *d, uint32_t root,
			const struct actions *t, struct sf_action dflt, size_t before)
{
	unsigned char *seen = calloc(d->len, 1);
	char where[512], text[64];
	uint32_t v;

	if (!seen)
		sf_fatal("out of memory");
	v = most_severe(d, root, t, seen, UINT32_MAX);
	free(seen);
	c->out->n = before;
	if (!same_action(t->a[v], dflt))
		add_entry(c->out, c->nr, t->a[v]);
	sf_oci_where(c->s, c->nr, where, sizeof where);
	sf_action_format(t->a[v], text, sizeof text);
	fprintf(stderr,
		"sf: warning: %s: %s cannot be written exactly (more than %d %s): approximated "
		"as %s for every call, its most severe answer\n",
		where, sf_syscall_by_nr(sf_arch_info(c->s->arch)->table, c->nr)->name,
		c->overflow[0] == 'e' ? MAX_ENTRIES_PER_CALL : MAX_CUBES, c->overflow, text);
}

/* The entries of syscall nr. libseccomp (2.5.4) builds wrong filters from
 * several rules for one call where one compares with != or an ordering
 * (the else-branch of a failed != or of a 64-bit ordering's upper half
 * skips the sibling rules: bats/oci-emit.bats checks the filters), and
 * right ones where every rule compares with == and masked ==, and where
 * the call has one rule. So orderings and != are written only for a call
 * whose answer takes one entry; the others are cut into masked equalities. */
static void add_call(const struct sf_stack *s, int nr, struct sf_action dflt, int approx,
		     struct sf_oci_profile *out)
{
	size_t before = out->n;

	for (int ranges = 1; ranges >= 0; ranges--) {
		struct actions t = {.n = 0};
		struct sf_oci_cond conds[6];
		struct cutter c;
		struct dd d;
		uint32_t root;

		out->n = before;
		dd_init(&d);
		root = stack_dd(s, nr, &d, &t);
		memset(&c, 0, sizeof c);
		c.s = s;
		c.d = &d;
		c.out = out;
		c.nr = nr;
		c.ranges = ranges;
		for (uint32_t a = 0; a < t.n && !c.overflow; a++) {
			uint32_t map[sizeof t.a / sizeof t.a[0]], only;

			if (same_action(t.a[a], dflt))
				continue;
			/* Where the answer is a, as a condition: what decides
			 * only between the other answers drops out. */
			for (uint32_t b = 0; b < t.n; b++)
				map[b] = dd_leaf(&d, b == a ? DD_TRUE : DD_FALSE);
			only = dd_map(&d, root, map, t.n);
			c.target = DD_TRUE;
			c.action = t.a[a];
			c.written = 0;
			c.reach = calloc(d.len, 1);
			if (!c.reach)
				sf_fatal("out of memory");
			walk(&c, only, conds, 0);
			free(c.reach);
		}
		if (c.overflow && !approx)
			refuse(&c, c.overflow);
		if (c.overflow)
			approximate(&c, &d, root, &t, dflt, before);
		dd_free(&d);
		if (c.overflow || out->n - before <= 1)
			return;
	}
}

void sf_oci_profile_free(struct sf_oci_profile *p)
{
	free(p->e);
	memset(p, 0, sizeof(*p));
}

const char *sf_oci_action_name(struct sf_action a)
{
	switch (a.kind) {
	case SF_ACT_KILL_PROCESS:
		return "SCMP_ACT_KILL_PROCESS";
	case SF_ACT_KILL_THREAD:
		return "SCMP_ACT_KILL_THREAD";
	case SF_ACT_TRAP:
		return "SCMP_ACT_TRAP";
	case SF_ACT_ERRNO:
		return "SCMP_ACT_ERRNO";
	case SF_ACT_USER_NOTIF:
		return "SCMP_ACT_NOTIFY";
	case SF_ACT_TRACE:
		return "SCMP_ACT_TRACE";
	case SF_ACT_LOG:
		return "SCMP_ACT_LOG";
	default:
		return "SCMP_ACT_ALLOW";
	}
}

const char *sf_oci_op_name(enum sf_oci_op op)
{
	static const char *const names[] = {"SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LE",
					    "SCMP_CMP_GE", "SCMP_CMP_MASKED_EQ"};

	return names[op];
}

const char *sf_oci_arch_name(enum sf_arch arch)
{
	switch (arch) {
	case SF_ARCH_I386:
		return "SCMP_ARCH_X86";
	case SF_ARCH_AARCH64:
		return "SCMP_ARCH_AARCH64";
	default:
		return "SCMP_ARCH_X86_64";
	}
}
