/* A container seccomp profile into the policy model, meaning what runc
 * and crun make of it through libseccomp:
 * - an entry whose action is the default action is skipped;
 * - each name of an entry gets the entry's rule; the comparisons of one
 *   entry are AND'd, except that an entry comparing one argument twice
 *   has each comparison added as a rule of its own (OR'd: libseccomp
 *   refuses two comparisons of one argument in a rule, so both runtimes
 *   fall back to that);
 * - several rules for one syscall: an unconditional one decides (the
 *   first, when there are several), conditional ones with the same action
 *   are OR'd; conditional ones with different actions are refused, since
 *   libseccomp's answer where they overlap depends on how it orders them;
 * - comparisons are unsigned, on all 64 bits (32 on i386);
 * - a call without a rule gets the default action, the calls sf allows
 *   implicitly (exit, rt_sigreturn, ...) included. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci_int.h"
#include "oci_names.h"

/* The rule being gathered for one syscall number. */
struct pending {
	int nr;
	int uncond;
	struct sf_action act;
	int expr; /* conditional: OR of the entries' conditions */
	size_t entry;
	int line, col;
};

struct cond {
	int arg, op;
	uint64_t mask, value;
};

#define MAX_ARGS 64 /* comparisons in one entry */

struct reading {
	struct oci o;
	struct sf_action def;
	struct pending *pend;
	size_t npend, cap;
};

int sf_oci_fail(struct oci *o, size_t off, const char *fmt, ...)
{
	char what[700];
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	sf_json_linecol(o->text, o->len, off, &line, &col);
	sf_error_set(o->err, "%s:%d:%d: error: %s%s%s", o->name, line, col, o->path,
		     o->plen ? ": " : "", what);
	return -1;
}

size_t sf_oci_push_key(struct oci *o, const char *key)
{
	size_t old = o->plen;

	snprintf(o->path + o->plen, sizeof(o->path) - o->plen, "%s%s", o->plen ? "." : "", key);
	o->plen += strlen(o->path + o->plen);
	return old;
}

size_t sf_oci_push_index(struct oci *o, size_t i)
{
	size_t old = o->plen;

	snprintf(o->path + o->plen, sizeof(o->path) - o->plen, "[%zu]", i);
	o->plen += strlen(o->path + o->plen);
	return old;
}

void sf_oci_pop(struct oci *o, size_t old)
{
	o->plen = old;
	o->path[old] = '\0';
}

int sf_oci_member(struct oci *o, int obj, const char *key)
{
	int m = sf_json_get(&o->d, obj, key);

	return m >= 0 && o->d.v[m].type == SF_JSON_NULL ? -1 : m;
}

int sf_oci_want(struct oci *o, int v, int type)
{
	if (o->d.v[v].type == type || (type == SF_JSON_TRUE && o->d.v[v].type == SF_JSON_FALSE))
		return 0;
	return sf_oci_fail(o, o->d.v[v].off, "expected %s, found %s", sf_json_type_name(type),
			   sf_json_type_name(o->d.v[v].type));
}

int sf_oci_check_keys(struct oci *o, int obj, const char *const *allowed, size_t n)
{
	const char *hint;
	size_t i;

	for (int m = o->d.v[obj].first; m >= 0; m = o->d.v[m].next) {
		const char *k = o->d.v[m].key;
		for (i = 0; i < n && strcmp(allowed[i], k); i++)
			;
		if (i < n)
			continue;
		hint = sf_suggest(k, strlen(k), allowed, n);
		return sf_oci_fail(o, o->d.v[m].key_off, "unknown key \"%s\"%s%s%s", k,
				   hint ? "; did you mean \"" : "", hint ? hint : "",
				   hint ? "\"?" : "");
	}
	return 0;
}

int sf_oci_fail_unknown(struct oci *o, int v, const char *what, const char *const *cands, size_t n)
{
	const char *name = o->d.v[v].str;
	const char *hint = cands ? sf_suggest(name, strlen(name), cands, n) : NULL;

	return sf_oci_fail(o, o->d.v[v].off, "unknown %s \"%s\"%s%s%s", what, name,
			   hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
}

/* A non-negative integer up to max. */
static int get_uint(struct oci *o, int v, uint64_t max, uint64_t *out)
{
	const struct sf_json *j = &o->d.v[v];

	if (j->type != SF_JSON_NUMBER)
		return sf_oci_fail(o, j->off, "expected an integer, found %s",
				   sf_json_type_name(j->type));
	if (!j->integer)
		return sf_oci_fail(o, j->off, "expected an integer, found a fraction or exponent");
	if (j->negative && (j->magnitude || j->overflow))
		return sf_oci_fail(o, j->off, "negative value; expected 0..%llu",
				   (unsigned long long)max);
	if (j->overflow || j->magnitude > max)
		return sf_oci_fail(o, j->off, "value out of range 0..%llu",
				   (unsigned long long)max);
	*out = j->magnitude;
	return 0;
}

static int get_string(struct oci *o, int v, const char **out)
{
	if (sf_oci_want(o, v, SF_JSON_STRING))
		return -1;
	*out = o->d.v[v].str;
	return 0;
}

/* An action (member action_v of the current object) and its errnoRet
 * (errno_v, < 0: none) into *a. */
static int get_action(struct oci *o, int action_v, int errno_v, struct sf_action *a)
{
	const struct sf_oci_action *oa;
	const char *name;
	uint64_t data = 1; /* both runtimes' default: EPERM */
	size_t old = sf_oci_push_key(o, o->d.v[action_v].key);

	if (get_string(o, action_v, &name))
		return -1;
	oa = sf_oci_action_by_name(name);
	if (!oa)
		return sf_oci_fail_unknown(o, action_v, "action", sf_oci_action_names,
					   sf_oci_action_count);
	if (oa->kind < 0)
		return sf_oci_fail(o, o->d.v[action_v].off,
				   "%s needs a seccomp listener (listenerPath), which sf does not "
				   "run; use SCMP_ACT_ERRNO or SCMP_ACT_TRACE",
				   name);
	sf_oci_pop(o, old);
	if (errno_v >= 0) {
		old = sf_oci_push_key(o, o->d.v[errno_v].key);
		if (!oa->takes_errno)
			return sf_oci_fail(o, o->d.v[errno_v].off,
					   "an errno value for %s, which takes none", name);
		if (get_uint(o, errno_v, oa->kind == SF_ACT_ERRNO ? 4095 : 65535, &data))
			return -1;
		sf_oci_pop(o, old);
	}
	a->kind = (unsigned char)oa->kind;
	a->data = oa->takes_errno ? (uint16_t)data : 0;
	return 0;
}

static int same_action(struct sf_action a, struct sf_action b)
{
	return a.kind == b.kind && a.data == b.data;
}

/* One element of args[]: {index, value, valueTwo, op}. */
static int get_cond(struct oci *o, int v, struct cond *c)
{
	static const char *const keys[] = {"index", "value", "valueTwo", "op"};
	uint64_t index, value = 0, two = 0;
	uint64_t max = o->ai->is_64bit ? UINT64_MAX : 0xffffffffu;
	int m, masked, op;
	const char *name;
	size_t old;

	if (sf_oci_want(o, v, SF_JSON_OBJECT) || sf_oci_check_keys(o, v, keys, 4))
		return -1;
	if ((m = sf_oci_member(o, v, "index")) < 0)
		return sf_oci_fail(o, o->d.v[v].off, "no \"index\"");
	old = sf_oci_push_key(o, "index");
	if (get_uint(o, m, UINT64_MAX, &index))
		return -1;
	if (index > 5)
		return sf_oci_fail(o, o->d.v[m].off,
				   "argument index %llu; a syscall has arguments 0..5",
				   (unsigned long long)index);
	sf_oci_pop(o, old);
	if ((m = sf_oci_member(o, v, "value")) >= 0) {
		old = sf_oci_push_key(o, "value");
		if (get_uint(o, m, max, &value))
			return -1;
		sf_oci_pop(o, old);
	}
	if ((m = sf_oci_member(o, v, "valueTwo")) >= 0) {
		old = sf_oci_push_key(o, "valueTwo");
		if (get_uint(o, m, max, &two))
			return -1;
		sf_oci_pop(o, old);
	}
	if ((m = sf_oci_member(o, v, "op")) < 0)
		return sf_oci_fail(o, o->d.v[v].off, "no \"op\"");
	old = sf_oci_push_key(o, "op");
	if (get_string(o, m, &name))
		return -1;
	op = sf_oci_op_by_name(name, &masked);
	if (op < 0)
		return sf_oci_fail_unknown(o, m, "operator", sf_oci_op_names, sf_oci_op_count);
	sf_oci_pop(o, old);
	c->arg = (int)index;
	c->op = op;
	/* SCMP_CMP_MASKED_EQ: (arg & value) == valueTwo, with valueTwo
	 * masked too: libseccomp compares with valueTwo & value (its
	 * _db_node_mask_fixup), so bits of valueTwo outside the mask do not
	 * make the comparison false. */
	c->mask = masked ? value : max;
	c->value = masked ? two & value : value;
	return 0;
}

static int add_node(struct reading *r, int kind, int left, int right, const struct cond *c)
{
	struct sf_node n;
	int i;

	memset(&n, 0, sizeof(n));
	n.kind = (unsigned char)kind;
	n.left = left;
	n.right = right;
	if (c) {
		n.op = (unsigned char)c->op;
		n.arg = (unsigned char)c->arg;
		n.argtype = r->o.ai->is_64bit ? SF_ARG_U64 : SF_ARG_U32;
		n.mask = c->mask;
		n.value = c->value;
	}
	i = sf_policy_add_node(r->o.p, &n);
	if (i < 0)
		sf_error_set(r->o.err, "%s: error: out of memory", r->o.name);
	return i;
}

/* The comparisons AND'd, or OR'd when one argument is compared twice. */
static int build_expr(struct reading *r, const struct cond *c, size_t n, int any)
{
	int e = add_node(r, SF_NODE_CMP, -1, -1, &c[0]), k;

	for (size_t i = 1; i < n && e >= 0; i++) {
		k = add_node(r, SF_NODE_CMP, -1, -1, &c[i]);
		e = k < 0 ? -1 : add_node(r, any ? SF_NODE_OR : SF_NODE_AND, e, k, NULL);
	}
	return e;
}

static struct pending *pending_for(struct reading *r, int nr)
{
	struct pending *n;

	for (size_t i = 0; i < r->npend; i++)
		if (r->pend[i].nr == nr)
			return &r->pend[i];
	if (r->npend == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		n = realloc(r->pend, cap * sizeof(*n));
		if (!n)
			return NULL;
		r->pend = n;
		r->cap = cap;
	}
	n = &r->pend[r->npend++];
	memset(n, 0, sizeof(*n));
	n->nr = nr;
	n->expr = -2; /* nothing yet */
	return n;
}

/* The entry's rule for syscall nr, merged with what earlier entries gave. */
static int add_to(struct reading *r, int nr, size_t entry, struct sf_action act,
		  const struct cond *c, size_t nc, int any, size_t name_off, const char *name)
{
	struct pending *pd = pending_for(r, nr);
	char a[64], b[64];
	int e;

	if (!pd) {
		sf_error_set(r->o.err, "%s: error: out of memory", r->o.name);
		return -1;
	}
	if (pd->expr == -2) {
		pd->act = act;
		pd->entry = entry;
		sf_json_linecol(r->o.text, r->o.len, name_off, &pd->line, &pd->col);
		pd->uncond = nc == 0;
		pd->expr = nc ? build_expr(r, c, nc, any) : -1;
		return nc && pd->expr < 0 ? -1 : 0;
	}
	if (pd->uncond)
		return 0; /* libseccomp keeps the first unconditional rule */
	if (nc == 0) {
		pd->uncond = 1;
		pd->act = act;
		pd->expr = -1;
		pd->entry = entry;
		sf_json_linecol(r->o.text, r->o.len, name_off, &pd->line, &pd->col);
		return 0;
	}
	if (!same_action(pd->act, act)) {
		sf_action_format(pd->act, a, sizeof(a));
		sf_action_format(act, b, sizeof(b));
		return sf_oci_fail(
		    &r->o, name_off,
		    "'%s' already has a conditional rule with another action "
		    "(syscalls[%zu]: %s, here: %s); where both conditions hold "
		    "libseccomp's answer depends on its rule order: give the syscall "
		    "one action besides the default",
		    name, pd->entry, a, b);
	}
	e = build_expr(r, c, nc, any);
	if (e < 0 || (pd->expr = add_node(r, SF_NODE_OR, pd->expr, e, NULL)) < 0)
		return -1;
	return 0;
}

/* A syscall name: its number on sf's arch, or -1 when the name exists
 * only on other architectures (the entry means nothing here, as for
 * libseccomp), or -2 on error. */
static int resolve_name(struct reading *r, int v)
{
	static const enum sf_arch all[] = {SF_ARCH_X86_64, SF_ARCH_I386, SF_ARCH_AARCH64};
	const struct sf_syscall_table *t = r->o.ai->table;
	const struct sf_syscall *sc;
	const char **names;
	const char *name = r->o.d.v[v].str;

	if (!name[0])
		return sf_oci_fail(&r->o, r->o.d.v[v].off, "empty syscall name"), -2;
	sc = sf_syscall_by_name(t, name);
	if (sc)
		return sc->nr;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (sf_syscall_by_name(sf_arch_info(all[i])->table, name))
			return -1;
	if (sf_oci_foreign_syscall(name))
		return -1;
	names = malloc(t->count * sizeof(*names));
	for (size_t i = 0; names && i < t->count; i++)
		names[i] = t->calls[i].name;
	sf_oci_fail_unknown(&r->o, v, "syscall", names, names ? t->count : 0);
	free(names);
	return -2;
}

static int read_entry(struct reading *r, int v, size_t entry)
{
	static const char *const keys[] = {"names", "name",    "action",   "errnoRet",
					   "args",  "comment", "includes", "excludes"};
	struct oci *o = &r->o;
	struct cond c[MAX_ARGS];
	struct sf_action act;
	unsigned seen = 0;
	size_t nc = 0, old, k;
	int names, name, args, m, any = 0, applies, nr;

	if (sf_oci_want(o, v, SF_JSON_OBJECT) ||
	    sf_oci_check_keys(o, v, keys, sizeof(keys) / sizeof(keys[0])))
		return -1;
	names = sf_oci_member(o, v, "names");
	name = sf_oci_member(o, v, "name");
	if (names >= 0 && name >= 0)
		return sf_oci_fail(o, o->d.v[name].key_off, "both \"name\" and \"names\"");
	if (names < 0 && name < 0)
		return sf_oci_fail(o, o->d.v[v].off, "no \"names\"");
	if ((m = sf_oci_member(o, v, "action")) < 0)
		return sf_oci_fail(o, o->d.v[v].off, "no \"action\"");
	if (get_action(o, m, sf_oci_member(o, v, "errnoRet"), &act))
		return -1;
	if ((m = sf_oci_member(o, v, "comment")) >= 0) {
		old = sf_oci_push_key(o, "comment");
		if (sf_oci_want(o, m, SF_JSON_STRING))
			return -1;
		sf_oci_pop(o, old);
	}
	if ((args = sf_oci_member(o, v, "args")) >= 0) {
		old = sf_oci_push_key(o, "args");
		if (sf_oci_want(o, args, SF_JSON_ARRAY))
			return -1;
		for (m = o->d.v[args].first; m >= 0; m = o->d.v[m].next, nc++) {
			size_t o2 = sf_oci_push_index(o, nc);
			if (nc == MAX_ARGS)
				return sf_oci_fail(o, o->d.v[m].off, "more than %d comparisons",
						   MAX_ARGS);
			if (get_cond(o, m, &c[nc]))
				return -1;
			sf_oci_pop(o, o2);
			if (seen & 1u << c[nc].arg)
				any = 1;
			seen |= 1u << c[nc].arg;
		}
		sf_oci_pop(o, old);
	}
	/* Names are checked in every entry, so that a misspelt one is found
	 * whatever the arch and capabilities. */
	if (names >= 0) {
		old = sf_oci_push_key(o, "names");
		if (sf_oci_want(o, names, SF_JSON_ARRAY))
			return -1;
		if (o->d.v[names].len == 0)
			return sf_oci_fail(o, o->d.v[names].off, "no syscall names");
		k = 0;
		for (m = o->d.v[names].first; m >= 0; m = o->d.v[m].next, k++) {
			size_t o2 = sf_oci_push_index(o, k);
			if (sf_oci_want(o, m, SF_JSON_STRING) || resolve_name(r, m) == -2)
				return -1;
			sf_oci_pop(o, o2);
		}
		sf_oci_pop(o, old);
	} else {
		old = sf_oci_push_key(o, "name");
		if (sf_oci_want(o, name, SF_JSON_STRING) || resolve_name(r, name) == -2)
			return -1;
		sf_oci_pop(o, old);
	}
	applies = sf_oci_entry_applies(o, v);
	if (applies <= 0)
		return applies;
	if (same_action(act, r->def))
		return 0; /* as runc and crun: it would change nothing */
	for (m = names >= 0 ? o->d.v[names].first : name, k = 0; m >= 0;
	     m = names >= 0 ? o->d.v[m].next : -1, k++) {
		old = names >= 0 ? sf_oci_push_key(o, "names") : sf_oci_push_key(o, "name");
		if (names >= 0)
			sf_oci_push_index(o, k);
		nr = resolve_name(r, m);
		if (nr >= 0 && add_to(r, nr, entry, act, c, nc, any, o->d.v[m].off, o->d.v[m].str))
			return -1;
		sf_oci_pop(o, old);
	}
	return 0;
}

static const char *const flag_names[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
					 "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
					 "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};

/* Checks v, an array of names each of which one of cands (n of them), or
 * when cands is NULL one that known() knows; "unknown WHAT" otherwise. */
static int read_names(struct oci *o, int v, const char *const *cands, size_t n,
		      int (*known)(const char *), const char *what)
{
	size_t i, k = 0, old;
	int m;

	if (sf_oci_want(o, v, SF_JSON_ARRAY))
		return -1;
	for (m = o->d.v[v].first; m >= 0; m = o->d.v[m].next, k++) {
		old = sf_oci_push_index(o, k);
		if (sf_oci_want(o, m, SF_JSON_STRING))
			return -1;
		for (i = 0; cands && i < n && strcmp(cands[i], o->d.v[m].str); i++)
			;
		if (cands ? i == n : !known(o->d.v[m].str))
			return sf_oci_fail_unknown(o, m, what, cands, n);
		sf_oci_pop(o, old);
	}
	return 0;
}

/* architectures: SCMP_ARCH_* names; archMap (Docker's): the entry for
 * sf's arch gives them. Only the names are checked: sf's filter is for
 * one architecture and kills calls of any other (the x86 and x32 ABIs
 * that an x86_64 profile lists too), the safe side of the profile. */
static int read_arches(struct oci *o, int v)
{
	return read_names(o, v, NULL, 0, sf_oci_scmp_arch_known, "architecture");
}

/* For --check: the architectures of list (an array of SCMP_ARCH_* names)
 * other than sf's, whose calls sf's filter kills. */
static int note_other_arches(struct oci *o, int list)
{
	char names[200] = "", note[SF_NOTE_SIZE];
	size_t n = 0;
	int line, col;

	for (int m = o->d.v[list].first; m >= 0; m = o->d.v[m].next) {
		if (sf_oci_scmp_arch_is(o->d.v[m].str, o->p->arch))
			continue;
		n += (size_t)snprintf(names + n, n < sizeof(names) ? sizeof(names) - n : 0, "%s%s",
				      n ? ", " : "", o->d.v[m].str);
	}
	if (!names[0])
		return 0;
	sf_json_linecol(o->text, o->len, o->d.v[list].off, &line, &col);
	snprintf(note, sizeof(note),
		 "%s:%d:%d: sf's filter is for %s alone: the calls of %s, which the profile "
		 "allows too, are killed",
		 o->name, line, col, o->ai->name, names);
	if (sf_policy_add_note(o->p, note))
		return sf_oci_fail(o, o->d.v[list].off, "out of memory");
	return 0;
}

static int read_arch_map(struct reading *r, int v)
{
	static const char *const keys[] = {"architecture", "subArchitectures"};
	struct oci *o = &r->o;
	size_t k = 0, old, o2;
	int m, a, mine;

	if (sf_oci_want(o, v, SF_JSON_ARRAY))
		return -1;
	for (m = o->d.v[v].first; m >= 0; m = o->d.v[m].next, k++) {
		old = sf_oci_push_index(o, k);
		if (sf_oci_want(o, m, SF_JSON_OBJECT) || sf_oci_check_keys(o, m, keys, 2))
			return -1;
		if ((a = sf_oci_member(o, m, "architecture")) < 0)
			return sf_oci_fail(o, o->d.v[m].off, "no \"architecture\"");
		o2 = sf_oci_push_key(o, "architecture");
		if (sf_oci_want(o, a, SF_JSON_STRING))
			return -1;
		if (!sf_oci_scmp_arch_known(o->d.v[a].str))
			return sf_oci_fail_unknown(o, a, "architecture", NULL, 0);
		sf_oci_pop(o, o2);
		mine = sf_oci_scmp_arch_is(o->d.v[a].str, o->p->arch);
		if ((a = sf_oci_member(o, m, "subArchitectures")) >= 0) {
			o2 = sf_oci_push_key(o, "subArchitectures");
			if (read_arches(o, a) || (mine && note_other_arches(o, a)))
				return -1;
			sf_oci_pop(o, o2);
		}
		sf_oci_pop(o, old);
	}
	return 0;
}

static int read_profile(struct reading *r, int top)
{
	static const char *const keys[] = {"defaultAction",    "defaultErrnoRet", "architectures",
					   "archMap",	       "flags",		  "listenerPath",
					   "listenerMetadata", "syscalls"};
	struct oci *o = &r->o;
	size_t old, k;
	int m, a;

	if (sf_oci_want(o, top, SF_JSON_OBJECT) ||
	    sf_oci_check_keys(o, top, keys, sizeof(keys) / sizeof(keys[0])))
		return -1;
	if ((m = sf_oci_member(o, top, "defaultAction")) < 0)
		return sf_oci_fail(o, o->d.v[top].off, "no \"defaultAction\"");
	if (get_action(o, m, sf_oci_member(o, top, "defaultErrnoRet"), &r->def))
		return -1;
	o->p->default_action = r->def;
	o->p->default_set = 1;
	o->p->default_file = o->file;
	sf_json_linecol(o->text, o->len, o->d.v[m].off, &o->p->default_line, &(int){0});
	if ((m = sf_oci_member(o, top, "architectures")) >= 0) {
		if ((a = sf_oci_member(o, top, "archMap")) >= 0)
			return sf_oci_fail(o, o->d.v[a].key_off,
					   "both \"architectures\" and \"archMap\"");
		old = sf_oci_push_key(o, "architectures");
		if (read_arches(o, m) || note_other_arches(o, m))
			return -1;
		sf_oci_pop(o, old);
	}
	if ((m = sf_oci_member(o, top, "archMap")) >= 0) {
		old = sf_oci_push_key(o, "archMap");
		if (read_arch_map(r, m))
			return -1;
		sf_oci_pop(o, old);
	}
	if ((m = sf_oci_member(o, top, "flags")) >= 0) {
		old = sf_oci_push_key(o, "flags");
		if (read_names(o, m, flag_names, 4, NULL, "flag"))
			return -1;
		for (a = o->d.v[m].first; a >= 0; a = o->d.v[a].next)
			if (!strcmp(o->d.v[a].str, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
				o->p->oci_spec_allow = 1;
		sf_oci_pop(o, old);
	}
	for (k = 0; k < 2; k++)
		if ((m = sf_oci_member(o, top, k ? "listenerMetadata" : "listenerPath")) >= 0) {
			old = sf_oci_push_key(o, o->d.v[m].key);
			if (sf_oci_want(o, m, SF_JSON_STRING))
				return -1;
			sf_oci_pop(o, old);
		}
	if ((m = sf_oci_member(o, top, "syscalls")) < 0)
		return 0;
	old = sf_oci_push_key(o, "syscalls");
	if (sf_oci_want(o, m, SF_JSON_ARRAY))
		return -1;
	k = 0;
	for (a = o->d.v[m].first; a >= 0; a = o->d.v[a].next, k++) {
		size_t o2 = sf_oci_push_index(o, k);
		if (read_entry(r, a, k))
			return -1;
		sf_oci_pop(o, o2);
	}
	sf_oci_pop(o, old);
	return 0;
}

/* The gathered rules into the policy, and the calls sf would allow
 * without a rule given the default, as the profile means. */
static int finish(struct reading *r)
{
	struct sf_rule rule;
	const int *implicit;
	size_t n;

	for (size_t i = 0; i < r->npend; i++) {
		memset(&rule, 0, sizeof(rule));
		rule.nr = r->pend[i].nr;
		rule.expr = r->pend[i].uncond ? -1 : r->pend[i].expr;
		rule.on_true = r->pend[i].act;
		rule.on_false = r->def;
		rule.file = r->o.file;
		rule.line = r->pend[i].line;
		rule.col = r->pend[i].col;
		if (sf_policy_add_rule(r->o.p, &rule) < 0)
			goto oom;
	}
	n = sf_policy_implicit(r->o.p->arch, &implicit);
	for (size_t i = 0; i < n; i++) {
		if (sf_policy_rule_for(r->o.p, implicit[i]))
			continue;
		memset(&rule, 0, sizeof(rule));
		rule.nr = implicit[i];
		rule.expr = -1;
		rule.on_true = r->def;
		rule.file = r->o.file;
		rule.line = r->o.p->default_line;
		if (sf_policy_add_rule(r->o.p, &rule) < 0)
			goto oom;
	}
	return 0;
oom:
	sf_error_set(r->o.err, "%s: error: out of memory", r->o.name);
	return -1;
}

int sf_oci_is_json(const char *text, size_t len)
{
	size_t i = 0;
	int opened = 0;

	for (; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (!opened && c == '{')
			opened = 1;
		else
			return opened && (c == '"' || c == '}');
	}
	return 0;
}

int sf_oci_read(struct sf_policy *p, int file, const char *text, size_t len, struct sf_error *err)
{
	struct reading r;
	char msg[200];
	size_t off;
	int line, col, top, rc = -1;

	memset(&r, 0, sizeof(r));
	r.o.p = p;
	r.o.file = file;
	r.o.name = p->files[file];
	r.o.text = text;
	r.o.len = len;
	r.o.err = err;
	r.o.ai = sf_arch_info(p->arch);
	p->from_oci = 1;
	if (p->nrules || p->default_set) {
		sf_error_set(err, "%s: error: a JSON profile must be a policy of its own",
			     r.o.name);
		return -1;
	}
	if (sf_json_parse(&r.o.d, text, len, msg, sizeof(msg), &off)) {
		sf_json_linecol(text, len, off, &line, &col);
		sf_error_set(err, "%s:%d:%d: error: malformed JSON: %s", r.o.name, line, col, msg);
		return -1;
	}
	/* A whole OCI runtime configuration (config.json): its seccomp. */
	top = 0;
	if (sf_json_get(&r.o.d, 0, "ociVersion") >= 0) {
		int linux = sf_oci_member(&r.o, 0, "linux");
		top = linux >= 0 && r.o.d.v[linux].type == SF_JSON_OBJECT
			  ? sf_oci_member(&r.o, linux, "seccomp")
			  : -1;
		if (top < 0) {
			sf_oci_fail(&r.o, 0, "an OCI configuration without linux.seccomp");
			goto out;
		}
		sf_oci_push_key(&r.o, "linux.seccomp");
	}
	if (read_profile(&r, top) == 0 && finish(&r) == 0)
		rc = 0;
out:
	free(r.pend);
	sf_json_free(&r.o.d);
	return rc;
}

int sf_oci_spec_mitigate(const struct sf_policy *p)
{
	return p->from_oci && !p->oci_spec_allow;
}
