/* An in-place heapsort. The parser runs inside the shim, under filters that
 * may not allow what libc's qsort calls (glibc's asks sysinfo how much
 * memory there is): this one makes no system calls. */
#ifndef SF_SORT_H
#define SF_SORT_H

#include <stddef.h>
#include <stdint.h>

void sf_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif

/* Sorts 64-bit keys ascending (an LSD radix sort: linear time); tmp must
 * hold n keys. */
void sf_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n);
