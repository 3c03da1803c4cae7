/* --emit-systemd: the stack as systemd.exec(5) lines, for policies that
 * compare no argument and answer with allow and one denial (kill-process,
 * or one errno). systemd can say nothing else: SystemCallFilter= takes
 * names, SystemCallErrorNumber= one errno for all of them. An allow-list
 * (`SystemCallFilter=read write ...`) where the default denies, a
 * deny-list (`SystemCallFilter=~...`) where it allows;
 * SystemCallArchitectures=native, because sf's filter kills every other
 * ABI. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argdd.h"
#include "groups.h"
#include "launcher.h"
#include "oci_profile.h"

static int is_allow(struct sf_action a)
{
	return a.kind == SF_ACT_ALLOW;
}

/* What SystemCallFilter= does to a call it denies. */
static int systemd_denial(struct sf_action a)
{
	return a.kind == SF_ACT_KILL_PROCESS || a.kind == SF_ACT_ERRNO;
}

static int same(struct sf_action a, struct sf_action b)
{
	return a.kind == b.kind && a.data == b.data;
}

int sf_mode_emit_systemd(const struct sf_stack *s, const char *out)
{
	const struct sf_syscall_table *tab = sf_arch_info(s->arch)->table;
	const struct sf_group *dflt_group = sf_group_lookup("default", 7);
	unsigned char *always = calloc(tab->count, 1), *listed = calloc(tab->count, 1);
	struct sf_oci_profile p;
	struct sf_action deny;
	char where[512], text[64];
	int allow_list;
	FILE *f;

	if (!always || !listed)
		sf_fatal("out of memory");
	/* The profile's entries are exact: unconditional ones have no args. */
	sf_oci_profile_build(s, 0, &p);
	allow_list = !is_allow(p.default_action);
	deny = p.default_action;
	for (size_t i = 0; i < p.n; i++) {
		const struct sf_oci_entry *e = &p.e[i];
		const char *name = sf_syscall_by_nr(tab, e->nr)->name;

		sf_oci_where(s, e->nr, where, sizeof where);
		if (e->nconds)
			sf_fatal("%s: %s compares its arguments, which SystemCallFilter= cannot "
				 "(use --emit-oci)",
				 where, name);
		if (!allow_list && !is_allow(deny) && !same(deny, e->action))
			sf_fatal("%s: %s is answered otherwise than the other denied calls, and "
				 "systemd has one SystemCallErrorNumber= for all",
				 where, name);
		if (!allow_list && is_allow(deny))
			deny = e->action;
		if (!allow_list && !systemd_denial(e->action)) {
			sf_action_format(e->action, text, sizeof text);
			sf_fatal("%s: systemd denies with kill-process or an errno, not %s", where,
				 text);
		}
		if (allow_list && !is_allow(e->action))
			sf_fatal("%s: %s is answered otherwise than the default, and systemd "
				 "denies every call of an allow-list alike",
				 where, name);
	}
	if (allow_list && !systemd_denial(deny)) {
		sf_action_format(deny, text, sizeof text);
		sf_fatal("%s:%d: systemd denies with kill-process or an errno, not %s",
			 sf_oci_file(&s->pol[0], s->pol[0].default_file), s->pol[0].default_line,
			 text);
	}
	/* An allow-list always lets systemd's @default group through. */
	if (allow_list && dflt_group) {
		sf_group_expand(dflt_group, tab, always);
		for (size_t i = 0; i < p.n; i++)
			listed[sf_syscall_by_nr(tab, p.e[i].nr) - tab->calls] = 1;
		for (size_t k = 0; k < tab->count; k++)
			if (always[k] && !listed[k]) {
				sf_oci_where(s, tab->calls[k].nr, where, sizeof where);
				sf_fatal(
				    "%s: %s is denied, but systemd always allows it (its @default "
				    "group) in an allow-list",
				    where, tab->calls[k].name);
			}
	}
	/* An empty SystemCallFilter= would reset the filter: allow everything. */
	if (!p.n)
		sf_fatal(
		    "%s: the policy %s every call alike: nothing for SystemCallFilter= to list",
		    sf_oci_file(&s->pol[0], 0), allow_list ? "denies" : "allows");
	f = strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f)
		sf_fatal("%s: %s", out, strerror(errno));
	fprintf(f, "# systemd.exec(5) lines from sf-run --emit-systemd (%s)\n",
		sf_oci_file(&s->pol[0], 0));
	fprintf(f, "SystemCallArchitectures=native\n");
	fprintf(f, "SystemCallFilter=%s", allow_list ? "" : "~");
	for (size_t i = 0; i < p.n; i++)
		fprintf(f, "%s%s", i ? " " : "", sf_syscall_by_nr(tab, p.e[i].nr)->name);
	fprintf(f, "\n");
	if (deny.kind == SF_ACT_ERRNO)
		fprintf(f, "SystemCallErrorNumber=%u\n", deny.data);
	if (f == stdout ? fflush(f) : fclose(f))
		sf_fatal("%s: write failed: %s", out, strerror(errno));
	free(always);
	free(listed);
	sf_oci_profile_free(&p);
	return 0;
}
