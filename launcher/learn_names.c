/* Naming a recorded value: the system headers often give one value several
 * names (AF_UNIX, AF_LOCAL, AF_FILE; FIONREAD, TIOCINQ), and prctl's
 * sub-option names reuse the options' small numbers (PR_SET_MM_MAP_SIZE
 * is 15, as is PR_SET_NAME). A learned policy names the one a reader
 * expects, or writes the number. */
#include <string.h>

#include "constants.h"
#include "learn_int.h"

#define MAX_CANDIDATES 32

/* Names that are aliases of a canonical one with the same value. */
static const char *const aliases[] = {"AF_LOCAL", "AF_FILE", "AF_ROUTE", "TIOCINQ", NULL};

static int in_domain(enum sf_learn_domain d, const char *name)
{
	switch (d) {
	case SF_DOM_FAMILY:
		return strncmp(name, "AF_", 3) == 0;
	case SF_DOM_IOCTL:
		return strncmp(name, "TC", 2) == 0 || strncmp(name, "TIOC", 4) == 0 ||
		       strncmp(name, "FIO", 3) == 0;
	case SF_DOM_PRCTL:
		return strncmp(name, "PR_", 3) == 0;
	case SF_DOM_NONE:
		break;
	}
	return 0;
}

static int is_alias(const char *name)
{
	for (const char *const *a = aliases; *a; a++)
		if (strcmp(*a, name) == 0)
			return 1;
	return 0;
}

/* PR_SET_MM_START_CODE is a value of PR_SET_MM's argument: a name with a
 * shorter name of the table as its prefix (up to an '_') is a sub-option. */
static int is_suboption(const char *name)
{
	for (const char *u = strchr(name + 3, '_'); u; u = strchr(u + 1, '_'))
		if (sf_constant_lookup(name, (size_t)(u - name)))
			return 1;
	return 0;
}

/* Keeps the candidates for which keep() holds, unless none would remain. */
static size_t narrow(const char **c, size_t n, int (*keep)(const char *))
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (keep(c[i]))
			k++;
	if (!k)
		return n;
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (keep(c[i]))
			c[k++] = c[i];
	return k;
}

static int not_alias(const char *name)
{
	return !is_alias(name);
}

static int not_suboption(const char *name)
{
	return !is_suboption(name);
}

static int get_or_set(const char *name)
{
	return strncmp(name, "PR_GET_", 7) == 0 || strncmp(name, "PR_SET_", 7) == 0;
}

const char *sf_learn_const_name(enum sf_learn_domain domain, uint32_t value)
{
	const char *c[MAX_CANDIDATES];
	size_t n = 0;

	for (size_t i = 0; i < sf_constants_count && n < MAX_CANDIDATES; i++) {
		const struct sf_constant *k = &sf_constants[i];

		if (k->value == (int64_t)value && in_domain(domain, k->name))
			c[n++] = k->name;
	}
	if (n > 1)
		n = narrow(c, n, not_alias);
	if (n > 1 && domain == SF_DOM_PRCTL)
		n = narrow(c, n, not_suboption);
	if (n > 1 && domain == SF_DOM_PRCTL)
		n = narrow(c, n, get_or_set);
	return n == 1 ? c[0] : NULL;
}
