/* setenv for the shim's SF_ACTIVE: the program and its children must see
 * it, so this changes the C library's environ, with the shim's allocator.
 * Neither glibc nor musl frees an environment array or string it did not
 * allocate itself, so the program's own setenv can take over from here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"

int setenv(const char *name, const char *value, int overwrite)
{
	static char **own; /* the last array allocated here */
	size_t n = strlen(name), v = strlen(value), count = 0;
	char *entry, **arr;

	if (!n || strchr(name, '=')) {
		sf_libc_errno = EINVAL;
		return -1;
	}
	for (char **e = environ; e && *e; e++, count++) {
		if (!strncmp(*e, name, n) && (*e)[n] == '=') {
			if (!overwrite)
				return 0;
			break;
		}
	}
	entry = malloc(n + v + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, n);
	entry[n] = '=';
	memcpy(entry + n + 1, value, v + 1);
	if (environ && environ[count]) {
		environ[count] = entry;
		return 0;
	}
	arr = malloc((count + 2) * sizeof(*arr));
	if (!arr) {
		free(entry);
		return -1;
	}
	if (count)
		memcpy(arr, environ, count * sizeof(*arr));
	arr[count] = entry;
	arr[count + 1] = NULL;
	if (own == environ)
		free(own);
	environ = own = arr;
	return 0;
}
