#include <string.h>
#include "syscalls.h"

const struct sf_syscall *sf_syscall_by_name(const struct sf_syscall_table *t, const char *name)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sf_syscall *s = &t->calls[t->by_name[mid]];
		int c = strcmp(name, s->name);

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
