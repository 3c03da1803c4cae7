#include <sys/prctl.h>

#include "env.h"
#include "fmt.h"
#include "learn.h"
#include "rawsys.h"

int sf_learn_parse(char **envp, char **slot)
{
	char *v = sf_env_get(envp, SF_LEARN_ENV);

	*slot = v;
	if (!v)
		return -1;
	if (sf_streq(v, "1"))
		return 1;
	if (sf_streq(v, "-"))
		return 0;
	sf_die2(SF_LEARN_ENV " must be 1 or -, not: ", v);
}

void sf_learn_mark(char *slot)
{
	/* Raw: a program's own prctl must not stand in for the mark. */
	sf_raw6(SYS_prctl, PR_GET_SECCOMP, SF_LEARN_MARK_A, SF_LEARN_MARK_B, SF_LEARN_MARK_C, 0, 0);
	slot[0] = '-';
}
