#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "install.h"
#include "landlock.h"
#include "parse.h"
#include "sf.h"

static int fail(char *errbuf, size_t errsize, const char *msg)
{
	if (errbuf && errsize) {
		strncpy(errbuf, msg, errsize - 1);
		errbuf[errsize - 1] = 0;
	}
	return -1;
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
	/* Landlock before the filter, which may deny its calls; its calls
	 * only for rules of its own (the filters in force may deny them). */
	if (sf_bpf_validate(&prog, why, sizeof why) ||
	    (sf_landlock_any(&p->landlock) &&
	     sf_ll_enforce(&p->landlock, sf_ll_abi(0), p->landlock.strict, why, sizeof why)) ||
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
