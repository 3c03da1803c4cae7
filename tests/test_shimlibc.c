/* The shim's own C library functions (preload/libc/) against the real
 * ones: built here under other names, so that this program keeps libc's. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define vsnprintf shim_vsnprintf
#define snprintf shim_snprintf
#include "../preload/libc/printf.c"
#undef vsnprintf
#undef snprintf

#define malloc shim_malloc
#define calloc shim_calloc
#define realloc shim_realloc
#define free shim_free
#include "../preload/libc/malloc.c"
#undef malloc
#undef calloc
#undef realloc
#undef free

int sf_libc_errno;

#define SAME(...)                                                                                  \
	do {                                                                                       \
		char want[256], got[256];                                                          \
		int nw = snprintf(want, sizeof want, __VA_ARGS__);                                 \
		int ng = shim_snprintf(got, sizeof got, __VA_ARGS__);                              \
		CHECKF(nw == ng && !strcmp(want, got), "%s: want '%s' (%d), got '%s' (%d)",        \
		       #__VA_ARGS__, want, nw, got, ng);                                           \
	} while (0)

static void test_printf(void)
{
	char small[4];

	SAME("%s: error: cannot open policy: %s", "p.txt", "No such file");
	SAME("%d %d %d %u %u", 0, -1, 2147483647, 0u, 4294967295u);
	SAME("%zu %4zu %ld %lld %llu", (size_t)7, (size_t)3, -5L, -9LL, 18446744073709551615ULL);
	SAME("%x %04x %02x %#x %X %lx %#llx", 255u, 10u, 3u, 0u, 0xabcu, 0xdeadbeefUL, 1ULL);
	SAME("[%-5s] [%-6s] [%5s] [%.3s] [%.*s] [%-*s]", "ab", "cd", "ef", "ghijk", 2, "xyz", 4,
	     "q");
	SAME("%c%c %% %+d % d %05d %-5d| %.3d %o %#o", 'a', 'b', 3, 4, -42, 7, 5, 8u, 8u);
	SAME("%hhu %hu %hd %jd %td", 257, 65537, -1, (intmax_t)-3, (ptrdiff_t)9);
	SAME("%p", (void *)0x1234);
	CHECK(shim_snprintf(small, sizeof small, "%s", "abcdef") == 6 && !strcmp(small, "abc"));
	CHECK(shim_snprintf(NULL, 0, "%d", 12345) == 5);
}

static void test_malloc(void)
{
	enum { N = 2000 };
	static unsigned char *p[N];
	static size_t len[N];
	unsigned seed = 1;
	int ok = 1;

	for (int round = 0; round < 20000; round++) {
		int i = (int)((seed = seed * 1103515245 + 12345) >> 8) % N;
		size_t n = ((seed >> 4) % 7 == 0) ? (seed >> 3) % 200000 : (seed >> 5) % 300;

		if (p[i]) {
			for (size_t k = 0; k < len[i]; k++)
				ok &= p[i][k] == (unsigned char)(i + k);
			if (round % 3) {
				shim_free(p[i]);
				p[i] = NULL;
				continue;
			}
			p[i] = shim_realloc(p[i], n + 1);
			for (size_t k = 0; k < (len[i] < n + 1 ? len[i] : n + 1); k++)
				ok &= p[i][k] == (unsigned char)(i + k);
		} else {
			p[i] = round % 2 ? shim_malloc(n + 1) : shim_calloc(n + 1, 1);
			if (!(round % 2))
				for (size_t k = 0; k <= n; k++)
					ok &= p[i][k] == 0;
		}
		CHECK(p[i] && (uintptr_t)p[i] % 16 == 0);
		len[i] = n + 1;
		for (size_t k = 0; k < len[i]; k++)
			p[i][k] = (unsigned char)(i + k);
	}
	CHECK(ok);
	for (int i = 0; i < N; i++)
		shim_free(p[i]);
	CHECK(shim_calloc(SIZE_MAX / 2, 4) == NULL);
	CHECK(shim_realloc(shim_malloc(1), 0) == NULL);
}

int main(void)
{
	test_printf();
	test_malloc();
	return test_report("shimlibc");
}
