#include "fmt.h"
#include "rawsys.h"

void sf_buf_init(struct sf_buf *b, char *mem, size_t cap)
{
	b->p = mem;
	b->len = 0;
	b->cap = cap;
	if (cap)
		mem[0] = 0;
}

void sf_buf_mem(struct sf_buf *b, const char *s, size_t n)
{
	while (n-- && b->len + 1 < b->cap)
		b->p[b->len++] = *s++;
	if (b->cap)
		b->p[b->len] = 0;
}

void sf_buf_str(struct sf_buf *b, const char *s)
{
	sf_buf_mem(b, s, sf_strlen(s));
}

void sf_buf_char(struct sf_buf *b, char c)
{
	sf_buf_mem(b, &c, 1);
}

void sf_buf_u64(struct sf_buf *b, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sf_buf_mem(b, tmp + sizeof tmp - n, (size_t)n);
}

void sf_buf_s64(struct sf_buf *b, int64_t v)
{
	if (v < 0) {
		sf_buf_char(b, '-');
		sf_buf_u64(b, -(uint64_t)v);
	} else {
		sf_buf_u64(b, (uint64_t)v);
	}
}

void sf_buf_hexw(struct sf_buf *b, uint64_t v, int width)
{
	static const char digits[] = "0123456789abcdef";

	while (width-- > 0)
		sf_buf_char(b, digits[(v >> (4 * width)) & 15]);
}

void sf_buf_hex(struct sf_buf *b, uint64_t v)
{
	int width = 1;

	while (width < 16 && v >> (4 * width))
		width++;
	sf_buf_str(b, "0x");
	sf_buf_hexw(b, v, width);
}

size_t sf_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int sf_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

const char *sf_skip_prefix(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return NULL;
	return s;
}

void sf_die2(const char *a, const char *b)
{
	char mem[2048];
	struct sf_buf buf;

	sf_buf_init(&buf, mem, sizeof mem);
	sf_buf_str(&buf, "sf: ");
	sf_buf_str(&buf, a);
	sf_buf_str(&buf, b);
	/* Keep the newline even when the message was cut. */
	if (buf.len == sizeof mem - 1)
		buf.len--;
	buf.p[buf.len++] = '\n';
	sf_raw_write(2, buf.p, buf.len);
	sf_raw_exit_group(125);
}

void sf_die(const char *msg)
{
	sf_die2(msg, "");
}
