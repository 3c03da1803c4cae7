#include <stdint.h>
#include <string.h>

#include "syscalls.h"

const struct sf_syscall *sf_syscall_by_name(const struct sf_syscall_table *t, const char *name)
{
	return sf_syscall_by_name_len(t, name, strlen(name));
}

/* The names sit zero-padded in fixed arrays: compared as big-endian 64-bit
 * words they order as strcmp orders them, a few compares a step. */
#define NAME_WORDS (SF_SYSCALL_NAME_SIZE / 8)

static uint64_t word_at(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return __builtin_bswap64(w);
}

const struct sf_syscall *sf_syscall_by_name_len(const struct sf_syscall_table *t, const char *name,
						size_t len)
{
	char padded[SF_SYSCALL_NAME_SIZE];
	uint64_t key[NAME_WORDS];
	size_t lo = 0, hi = t->count, i;

	if (len >= sizeof(padded) || memchr(name, '\0', len))
		return NULL;
	memset(padded, 0, sizeof(padded));
	memcpy(padded, name, len);
	for (i = 0; i < NAME_WORDS; i++)
		key[i] = word_at(padded + 8 * i);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sf_syscall *s = &t->calls[t->by_name[mid]];
		uint64_t w = 0;

		for (i = 0; i < NAME_WORDS; i++) {
			w = word_at(s->name + 8 * i);
			if (w != key[i])
				break;
		}
		if (i == NAME_WORDS)
			return s;
		if (key[i] < w)
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
