#include <string.h>
#include "constants.h"

const struct sf_constant *sf_constant_lookup(const char *name, size_t len)
{
	return sf_constant_search(sf_constants, sf_constants_count, name, len);
}

const struct sf_constant *sf_constant_search(const struct sf_constant *t, size_t count,
					     const char *name, size_t len)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *s = t[mid].name;
		size_t n = strlen(s);
		/* name is a slice of the policy text, not a C string: compare
		 * in strcmp order, a proper prefix sorting first. */
		int c = memcmp(name, s, len < n ? len : n);

		if (c == 0)
			c = (len > n) - (len < n);
		if (c == 0)
			return &t[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *sf_errno_name(int value)
{
	size_t lo = 0, hi = sf_errnos_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t v = sf_errnos[mid].value;

		if (v == value)
			return sf_errnos[mid].name;
		if (value < v)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
