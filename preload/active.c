#include "active.h"
#include "fmt.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hex(const char *s, int n, uint64_t *out)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++) {
		int d = hexval(s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int sf_active_parse(const char *s, struct sf_active *out)
{
	int dashes = 0;

	if (sf_strlen(s) != SF_ACTIVE_LEN)
		return -1;
	while (dashes < 16 && s[dashes] == '-')
		dashes++;
	if (dashes == 16) {
		out->has_hash = 0;
		out->hash = 0;
		return 0;
	}
	if (parse_hex(s, 16, &out->hash))
		return -1;
	out->has_hash = 1;
	return 0;
}

void sf_active_format(const struct sf_active *a, char out[SF_ACTIVE_LEN + 1])
{
	struct sf_buf b;

	sf_buf_init(&b, out, SF_ACTIVE_LEN + 1);
	if (a->has_hash)
		sf_buf_hexw(&b, a->hash, 16);
	else
		sf_buf_str(&b, "----------------");
}
