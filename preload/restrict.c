#include <stdlib.h>
#include <string.h>

#include "allthreads.h"
#include "compile.h"
#include "install.h"
#include "landlock.h"
#include "parse.h"
#include "rawsys.h"
#include "sf.h"

static int fail(char *errbuf, size_t errsize, const char *msg)
{
	if (errbuf && errsize) {
		strncpy(errbuf, msg, errsize - 1);
		errbuf[errsize - 1] = 0;
	}
	return -1;
}

/* The rules' path, port and scope rules, before the filter (which may deny
 * Landlock's calls): one ruleset, on every thread (allthreads.c). The
 * kernel is asked only for rules of their own (the filters in force may
 * deny the question). */
static int restrict_landlock(const struct sf_landlock *l, char *why, size_t size)
{
	int abi, fd, r;

	if (!sf_landlock_any(l))
		return 0;
	abi = sf_ll_abi(0);
	if (sf_ll_negotiate(l, abi, l->strict, why, size) ||
	    sf_ll_ruleset(l, abi, NULL, &fd, why, size))
		return -1;
	if (fd < 0)
		return 0; /* nothing this kernel can enforce (warned of) */
	r = sf_ll_restrict_all(fd, abi, why, size);
	sf_raw_close(fd);
	return r;
}

static int restrict_locked(const char *rules, char *errbuf, size_t errsize)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_policy *p;
	struct sf_prog prog = {NULL, 0};
	struct sf_error err;
	char why[256];

	if (!rules)
		return fail(errbuf, errsize, "sf_restrict: no rules");
	p = malloc(sizeof(*p));
	if (!p)
		return fail(errbuf, errsize, "sf_restrict: out of memory");
	sf_policy_init(p, sf_arch_native());
	if (sf_parse_text(p, "sf_restrict", rules, strlen(rules), &err))
		goto fail_err;
	/* Set before finishing, which derives the denial of failed
	 * conditions from the default (allow gives kill-process). */
	if (!p->default_set)
		p->default_action.kind = SF_ACT_ALLOW;
	if (sf_parse_finish(p, &err))
		goto fail_err;
	if (sf_compile(p, &opts, &prog, &err))
		goto fail_err;
	if (sf_bpf_validate(&prog, why, sizeof why) ||
	    restrict_landlock(&p->landlock, why, sizeof why) ||
	    sf_install_stack(&prog, 1, why, sizeof why)) {
		sf_error_set(&err, "sf_restrict: %s", why);
		goto fail_err;
	}
	sf_prog_free(&prog);
	sf_policy_free(p);
	free(p);
	return 0;

fail_err:
	sf_prog_free(&prog);
	sf_policy_free(p);
	free(p);
	return fail(errbuf, errsize, err.msg);
}

int sf_restrict(const char *rules, char *errbuf, size_t errsize)
{
	static char busy;
	int r;

	while (__atomic_test_and_set(&busy, __ATOMIC_ACQUIRE))
		;
	r = restrict_locked(rules, errbuf, errsize);
	__atomic_clear(&busy, __ATOMIC_RELEASE);
	return r;
}
