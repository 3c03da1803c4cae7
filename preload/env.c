#include "env.h"
#include "fmt.h"

char *sf_env_get(char **envp, const char *name)
{
	if (!envp)
		return NULL;
	for (; *envp; envp++) {
		const char *rest = sf_skip_prefix(*envp, name);

		if (rest && *rest == '=')
			return (char *)rest + 1;
	}
	return NULL;
}

int sf_env_preloads_sf(const char *ld_preload)
{
	/* Entries are separated by ':' or spaces, as ld.so reads them. */
	const char *p = ld_preload, *base = p;

	if (!p)
		return 0;
	for (;; p++) {
		if (*p == '/')
			base = p + 1;
		if (*p == ':' || *p == ' ' || *p == '\t' || *p == 0) {
			if (p - base >= 6 && sf_skip_prefix(base, "libsf."))
				return 1;
			if (!*p)
				return 0;
			base = p + 1;
		}
	}
}
