/* Formatting into a fixed buffer without libc: usable in the SIGSYS handler
 * (async-signal-safe) and before the filter is installed (no call the
 * program could interpose). Output past the end is dropped; the buffer
 * always stays NUL-terminated. */
#ifndef SF_FMT_H
#define SF_FMT_H

#include <stddef.h>
#include <stdint.h>

struct sf_buf {
	char *p;
	size_t len, cap; /* cap includes the NUL */
};

void sf_buf_init(struct sf_buf *b, char *mem, size_t cap);
void sf_buf_str(struct sf_buf *b, const char *s);
void sf_buf_mem(struct sf_buf *b, const char *s, size_t n);
void sf_buf_char(struct sf_buf *b, char c);
void sf_buf_u64(struct sf_buf *b, uint64_t v);
void sf_buf_s64(struct sf_buf *b, int64_t v);
/* "0x" and lower-case digits. */
void sf_buf_hex(struct sf_buf *b, uint64_t v);
/* Exactly width lower-case digits, no prefix. */
void sf_buf_hexw(struct sf_buf *b, uint64_t v, int width);

size_t sf_strlen(const char *s);
int sf_streq(const char *a, const char *b);
/* s starts with prefix: returns the rest, else NULL. */
const char *sf_skip_prefix(const char *s, const char *prefix);

/* Writes "sf: " msg "\n" to fd 2 with one raw write, then exits 125. */
__attribute__((noreturn)) void sf_die(const char *msg);
/* The same with two parts, for "what: why". */
__attribute__((noreturn)) void sf_die2(const char *a, const char *b);

#endif
