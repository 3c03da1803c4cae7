/* An in-place heapsort. The parser runs inside the shim, under filters that
 * may not allow what libc's qsort calls (glibc's asks sysinfo how much
 * memory there is): this one makes no system calls. */
#ifndef SF_SORT_H
#define SF_SORT_H

#include <stddef.h>

void sf_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
