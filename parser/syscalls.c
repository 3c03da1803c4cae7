#include <string.h>
#include "syscalls.h"

/* strcmp of name[0..len) (no NUL needed) against the NUL-terminated s. */
static int compare_name(const char *name, size_t len, const char *s)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char a = (unsigned char)name[i], b = (unsigned char)s[i];

		if (a != b)
			return a < b ? -1 : 1;
	}
	return s[len] == '\0' ? 0 : -1;
}

const struct sf_syscall *sf_syscall_by_name(const struct sf_syscall_table *t, const char *name)
{
	return sf_syscall_by_name_len(t, name, strlen(name));
}

const struct sf_syscall *sf_syscall_by_name_len(const struct sf_syscall_table *t, const char *name,
						size_t len)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sf_syscall *s = &t->calls[t->by_name[mid]];
		int c = compare_name(name, len, s->name);

		if (c == 0)
			return s;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct sf_syscall *sf_syscall_by_nr(const struct sf_syscall_table *t, int nr)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sf_syscall *s = &t->calls[mid];

		if (s->nr == nr)
			return s;
		if (nr < s->nr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
