#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "constants.h"
#include "policy.h"

void sf_policy_init(struct sf_policy *p, enum sf_arch arch)
{
	memset(p, 0, sizeof(*p));
	p->arch = arch;
	p->default_action.kind = SF_ACT_KILL_PROCESS;
	p->default_file = -1;
}

void sf_policy_free(struct sf_policy *p)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	free(p->rules);
	free(p->nodes);
	free(p->freq);
	free(p->rule_slots);
	free(p->notes);
	sf_landlock_free(&p->landlock);
	sf_policy_init(p, p->arch);
}

static void *dup_array(const void *src, size_t n, size_t size, int *fail)
{
	void *d;

	if (!n || !src)
		return NULL;
	d = malloc(n * size);
	if (!d) {
		*fail = 1;
		return NULL;
	}
	memcpy(d, src, n * size);
	return d;
}

static int copy(struct sf_policy *dst, const struct sf_policy *src, int landlock)
{
	int fail = 0;

	*dst = *src;
	dst->rules = dup_array(src->rules, src->rules_cap, sizeof *src->rules, &fail);
	dst->nodes = dup_array(src->nodes, src->nodes_cap, sizeof *src->nodes, &fail);
	dst->freq = dup_array(src->freq, src->freq_cap, sizeof *src->freq, &fail);
	dst->rule_slots =
	    dup_array(src->rule_slots, src->rule_slots_cap, sizeof *src->rule_slots, &fail);
	dst->notes = dup_array(src->notes, src->notes_cap, sizeof *src->notes, &fail);
	/* Names NULL until copied: a failure frees only what is ours. */
	dst->files = src->files_cap ? calloc(src->files_cap, sizeof *dst->files) : NULL;
	fail |= src->files_cap && !dst->files;
	for (size_t i = 0; dst->files && i < src->nfiles; i++) {
		dst->files[i] = strdup(src->files[i]);
		fail |= !dst->files[i];
	}
	if (!dst->files)
		dst->nfiles = dst->files_cap = 0;
	if (!landlock)
		memset(&dst->landlock, 0, sizeof dst->landlock);
	else if (sf_landlock_copy(&dst->landlock, &src->landlock)) {
		memset(&dst->landlock, 0, sizeof dst->landlock);
		fail = 1;
	}
	if (fail) {
		sf_policy_free(dst);
		return -1;
	}
	return 0;
}

int sf_policy_copy(struct sf_policy *dst, const struct sf_policy *src)
{
	return copy(dst, src, 1);
}

int sf_policy_copy_filter(struct sf_policy *dst, const struct sf_policy *src)
{
	return copy(dst, src, 0);
}

struct sf_action sf_policy_denial(const struct sf_policy *p)
{
	struct sf_action kill = {SF_ACT_KILL_PROCESS, 0};

	if (p->default_action.kind == SF_ACT_ALLOW || p->default_action.kind == SF_ACT_LOG)
		return kill;
	return p->default_action;
}

static size_t slot_of(uint32_t nr, size_t cap)
{
	return (size_t)((nr * 2654435761u) & (cap - 1));
}

uint32_t sf_policy_unknown_first(const struct sf_policy *p)
{
	const struct sf_syscall_table *t = sf_arch_info(p->arch)->table;

	/* Tables are sorted by number. */
	return t->count ? (uint32_t)t->calls[t->count - 1].nr + 1 : 0;
}

/* By number, not by name: the interpreter asks for every input. The
 * numbers are ABI; bats/attack-runtime.bats checks them by name (--test)
 * on every arch. */
static const int implicit_x86_64[] = {15, 60, 219, 231};  /* rt_sigreturn exit
							     restart_syscall exit_group */
static const int implicit_i386[] = {0, 1, 119, 173, 252}; /* restart_syscall exit sigreturn
							     rt_sigreturn exit_group */
static const int implicit_aarch64[] = {93, 94, 128, 139}; /* exit exit_group
							     restart_syscall rt_sigreturn */

size_t sf_policy_implicit(enum sf_arch arch, const int **nrs)
{
	switch (arch) {
	case SF_ARCH_X86_64:
		*nrs = implicit_x86_64;
		return sizeof implicit_x86_64 / sizeof implicit_x86_64[0];
	case SF_ARCH_I386:
		*nrs = implicit_i386;
		return sizeof implicit_i386 / sizeof implicit_i386[0];
	case SF_ARCH_AARCH64:
		*nrs = implicit_aarch64;
		return sizeof implicit_aarch64 / sizeof implicit_aarch64[0];
	default:
		*nrs = NULL;
		return 0;
	}
}

struct sf_action sf_policy_norule_action(const struct sf_policy *p, uint32_t nr)
{
	const struct sf_arch_info *ai = sf_arch_info(p->arch);
	struct sf_action allow = {SF_ACT_ALLOW, 0};
	const int *implicit;
	size_t n = sf_policy_implicit(p->arch, &implicit);

	for (size_t i = 0; i < n; i++)
		if (nr == (uint32_t)implicit[i])
			return allow;

	if (p->unknown_set && nr >= sf_policy_unknown_first(p) &&
	    !(nr >= ai->x32_first && nr < ai->x32_end))
		return p->unknown_action;
	return p->default_action;
}

/* The slot of slots (cap of them) that holds nr's rule, or the empty one
 * where it would go. */
static size_t find_slot(const struct sf_policy *p, const uint32_t *slots, size_t cap, int nr)
{
	size_t j;

	for (j = slot_of((uint32_t)nr, cap); slots[j] && p->rules[slots[j] - 1].nr != nr;
	     j = (j + 1) & (cap - 1))
		;
	return j;
}

const struct sf_rule *sf_policy_rule_for(const struct sf_policy *p, int nr)
{
	size_t j;

	if (!p->rule_slots_cap)
		return NULL;
	j = find_slot(p, p->rule_slots, p->rule_slots_cap, nr);
	return p->rule_slots[j] ? &p->rules[p->rule_slots[j] - 1] : NULL;
}

static int resize_slots(struct sf_policy *p, size_t cap)
{
	size_t i;
	uint32_t *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < p->nrules; i++)
		slots[find_slot(p, slots, cap, p->rules[i].nr)] = (uint32_t)i + 1;
	free(p->rule_slots);
	p->rule_slots = slots;
	p->rule_slots_cap = cap;
	return 0;
}

int sf_policy_grow(void **items, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*items, ncap * size);
	if (!n)
		return -1;
	*items = n;
	*cap = ncap;
	return 0;
}

/* Room for one more rule, with the map kept at most half full. */
static int make_room(struct sf_policy *p)
{
	if (sf_policy_grow((void **)&p->rules, &p->rules_cap, p->nrules + 1, sizeof(*p->rules)))
		return -1;
	if ((p->nrules + 1) * 2 > p->rule_slots_cap)
		return resize_slots(p, p->rule_slots_cap ? p->rule_slots_cap * 2 : 64);
	return 0;
}

struct sf_rule *sf_policy_add_new_rule(struct sf_policy *p, const struct sf_rule *r, int *added)
{
	size_t j;

	*added = 0;
	if (make_room(p))
		return NULL;
	/* One lookup: it ends at nr's rule or at the empty slot for r. */
	j = find_slot(p, p->rule_slots, p->rule_slots_cap, r->nr);
	if (p->rule_slots[j])
		return &p->rules[p->rule_slots[j] - 1];
	p->rules[p->nrules++] = *r;
	p->rule_slots[j] = (uint32_t)p->nrules;
	*added = 1;
	return &p->rules[p->nrules - 1];
}

int sf_policy_add_rule(struct sf_policy *p, const struct sf_rule *r)
{
	int added;

	return sf_policy_add_new_rule(p, r, &added) && added ? (int)p->nrules - 1 : -1;
}

int sf_policy_reserve(struct sf_policy *p, size_t nrules)
{
	size_t cap = 64;

	if (sf_policy_grow((void **)&p->rules, &p->rules_cap, nrules, sizeof(*p->rules)))
		return -1;
	while (cap < 2 * nrules)
		cap *= 2;
	return cap > p->rule_slots_cap ? resize_slots(p, cap) : 0;
}

int sf_policy_add_node(struct sf_policy *p, const struct sf_node *n)
{
	if (sf_policy_grow((void **)&p->nodes, &p->nodes_cap, p->nnodes + 1, sizeof(*n)))
		return -1;
	p->nodes[p->nnodes++] = *n;
	return (int)p->nnodes - 1;
}

int sf_policy_add_note(struct sf_policy *p, const char *text)
{
	struct sf_note *n;

	for (size_t i = 0; i < p->nnotes; i++)
		if (strcmp(p->notes[i].text, text) == 0)
			return 0;
	if (p->nnotes == SF_NOTES_MAX)
		return 0;
	if (sf_policy_grow((void **)&p->notes, &p->notes_cap, p->nnotes + 1, sizeof(*n)))
		return -1;
	n = &p->notes[p->nnotes++];
	snprintf(n->text, sizeof n->text, "%s", text);
	return 0;
}

void sf_action_format(struct sf_action a, char *buf, size_t size)
{
	const char *name;

	switch (a.kind) {
	case SF_ACT_KILL_PROCESS:
		snprintf(buf, size, "kill-process");
		break;
	case SF_ACT_KILL_THREAD:
		snprintf(buf, size, "kill-thread");
		break;
	case SF_ACT_TRAP:
		snprintf(buf, size, "trap");
		break;
	case SF_ACT_ERRNO:
		name = sf_errno_name(a.data);
		if (name)
			snprintf(buf, size, "errno %s", name);
		else
			snprintf(buf, size, "errno %u", a.data);
		break;
	case SF_ACT_USER_NOTIF:
		snprintf(buf, size, "user-notify");
		break;
	case SF_ACT_TRACE:
		snprintf(buf, size, "trace %u", a.data);
		break;
	case SF_ACT_LOG:
		snprintf(buf, size, "log");
		break;
	case SF_ACT_DENIAL: /* while parsing: the policy's denial action */
		snprintf(buf, size, "0");
		break;
	default:
		snprintf(buf, size, "allow");
		break;
	}
}
