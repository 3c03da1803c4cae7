#include <string.h>

#include "landlock.h"
#include "parse.h"
#include "stack.h"

void sf_stack_init(struct sf_stack *s, enum sf_arch arch)
{
	memset(s, 0, sizeof(*s));
	s->arch = arch;
}

void sf_stack_free(struct sf_stack *s)
{
	for (size_t i = 0; i < s->n; i++) {
		sf_policy_free(&s->pol[i]);
		sf_prog_free(&s->prog[i]);
	}
	s->n = 0;
}

static struct sf_policy *next_policy(struct sf_stack *s, struct sf_error *err)
{
	if (s->n == SF_ID_MAX_POLICIES) {
		sf_error_set(err, "error: too many policies (at most %d stacked)",
			     SF_ID_MAX_POLICIES);
		return NULL;
	}
	sf_policy_init(&s->pol[s->n], s->arch);
	return &s->pol[s->n];
}

int sf_stack_add_file(struct sf_stack *s, const char *path, struct sf_error *err)
{
	struct sf_policy *p = next_policy(s, err);

	if (!p || sf_parse_file(p, path, err) || sf_parse_finish(p, err))
		return -1;
	s->n++;
	return 0;
}

int sf_stack_add_text(struct sf_stack *s, const char *name, const char *text, size_t len,
		      struct sf_error *err)
{
	struct sf_policy *p = next_policy(s, err);

	if (!p || sf_parse_text(p, name, text, len, err) || sf_parse_finish(p, err))
		return -1;
	s->n++;
	return 0;
}

uint64_t sf_prog_hash(uint64_t h, const struct sf_prog *prog)
{
	/* Field by field in a fixed byte order, with the length first so that
	 * two stacks cannot hash alike by moving a boundary. */
	unsigned char b[8];
	uint64_t len = prog->len;

	for (int i = 0; i < 8; i++) {
		h ^= (unsigned char)(len >> (8 * i));
		h *= 0x100000001b3ULL;
	}
	for (size_t i = 0; i < prog->len; i++) {
		const struct sock_filter *f = &prog->insns[i];

		b[0] = (unsigned char)f->code;
		b[1] = (unsigned char)(f->code >> 8);
		b[2] = f->jt;
		b[3] = f->jf;
		for (int j = 0; j < 4; j++)
			b[4 + j] = (unsigned char)(f->k >> (8 * j));
		for (int j = 0; j < 8; j++) {
			h ^= b[j];
			h *= 0x100000001b3ULL;
		}
	}
	return h;
}

int sf_stack_compile(struct sf_stack *s, enum sf_report report, struct sf_error *err)
{
	char why[256];

	s->report = report;
	s->hash = SF_HASH_INIT;
	for (size_t i = 0; i < s->n; i++) {
		/* sigsys_token only matters to SF_REPORT_TRAP, which no stack
		 * installs; a fixed value keeps the hash a name of the rules. */
		struct sf_compile_opts opts = {report, (unsigned)i, 1};

		sf_prog_free(&s->prog[i]);
		if (sf_compile(&s->pol[i], &opts, &s->prog[i], err))
			return -1;
		s->hash = sf_prog_hash(s->hash, &s->prog[i]);
		s->hash = sf_ll_hash(s->hash, &s->pol[i].landlock);
		if (sf_bpf_validate(&s->prog[i], why, sizeof why)) {
			sf_error_set(err, "%s: error: the compiled filter is not valid: %s",
				     s->pol[i].nfiles ? s->pol[i].files[0] : "policy", why);
			return -1;
		}
	}
	return 0;
}

int sf_stack_landlock_strict(const struct sf_stack *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->pol[i].landlock.strict)
			return 1;
	return 0;
}

int sf_stack_has_landlock(const struct sf_stack *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (sf_landlock_any(&s->pol[i].landlock))
			return 1;
	return 0;
}

int sf_stack_enforce_landlock(const struct sf_stack *s, int abi, int strict, char *why, size_t size)
{
	strict |= sf_stack_landlock_strict(s);
	for (size_t i = 0; i < s->n; i++)
		if (sf_ll_enforce(&s->pol[i].landlock, abi, strict, why, size))
			return -1;
	return 0;
}
