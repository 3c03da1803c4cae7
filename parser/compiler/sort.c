#include <string.h>

#include "sort.h"

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	unsigned char t[64];
	size_t n;

	while (size) {
		n = size < sizeof(t) ? size : sizeof(t);
		memcpy(t, a, n);
		memcpy(a, b, n);
		memcpy(b, t, n);
		a += n;
		b += n;
		size -= n;
	}
}

static void sift_down(unsigned char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

void sf_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;
	size_t i;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (i = n - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp);
	}
}

void sf_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n)
{
	size_t count[256], i, sum, c;
	uint64_t *from = keys, *to = tmp, *swap, varies = 0;
	int shift;

	if (n < 2)
		return;
	/* Only the bytes in which keys differ need a pass. */
	for (i = 1; i < n; i++)
		varies |= keys[i] ^ keys[0];
	for (shift = 0; shift < 64; shift += 8) {
		if (!((varies >> shift) & 0xff))
			continue;
		for (i = 0; i < 256; i++)
			count[i] = 0;
		for (i = 0; i < n; i++)
			count[(from[i] >> shift) & 0xff]++;
		if (count[(from[0] >> shift) & 0xff] == n)
			continue; /* every key has this byte: nothing to do */
		for (i = 0, sum = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[(from[i] >> shift) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != keys)
		memcpy(keys, from, n * sizeof(*keys));
}
