#include <stdint.h>
#include <string.h>

#include "syscalls.h"

const struct sf_syscall *sf_syscall_by_name(const struct sf_syscall_table *t, const char *name)
{
	return sf_syscall_by_name_len(t, name, strlen(name));
}

/* 32-bit FNV-1a; gen-syscalls.py places the names with the same. */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

const struct sf_syscall *sf_syscall_by_name_len(const struct sf_syscall_table *t, const char *name,
						size_t len)
{
	size_t slot;

	if (len >= SF_SYSCALL_NAME_SIZE)
		return NULL;
	for (slot = name_hash(name, len) & t->hash_mask; t->by_hash[slot];
	     slot = (slot + 1) & t->hash_mask) {
		const struct sf_syscall *s = &t->calls[t->by_hash[slot] - 1];

		if (s->name[len] == '\0' && memcmp(s->name, name, len) == 0)
			return s;
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
