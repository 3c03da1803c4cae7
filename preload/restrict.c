#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "install.h"
#include "parse.h"
#include "sf.h"

/* Present in libsf.so, where the shim may have installed its SIGSYS
 * handler; absent from libsf.a, which then installs plain kill filters. */
extern int sf_report_token(uint32_t *token) __attribute__((weak));
extern int sf_report_add(const struct sf_policy *p, unsigned *index) __attribute__((weak));
extern void sf_report_drop_last(void) __attribute__((weak));

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
	int registered = 0;
	uint32_t token;

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
	if (sf_report_token && sf_report_add && sf_report_token(&token)) {
		if (sf_report_add(p, &opts.policy_index)) {
			sf_policy_free(p);
			free(p);
			return fail(errbuf, errsize,
				    "sf_restrict: too many filters to tell apart in reports");
		}
		registered = 1;
		opts.report = SF_REPORT_TRAP;
		opts.sigsys_token = token;
	}
	if (sf_compile(p, &opts, &prog, &err))
		goto fail_err;
	if (sf_bpf_validate(&prog, why, sizeof why) ||
	    sf_install_stack(&prog, 1, why, sizeof why)) {
		sf_error_set(&err, "sf_restrict: %s", why);
		goto fail_err;
	}
	sf_prog_free(&prog);
	/* A registered policy stays: reports name its rules. */
	if (!registered) {
		sf_policy_free(p);
		free(p);
	}
	return 0;

fail_err:
	sf_prog_free(&prog);
	if (registered)
		sf_report_drop_last();
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
