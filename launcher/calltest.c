#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calltest.h"
#include "constants.h"

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* One term: a number (decimal, 0x hex, 0 octal, optional '-') or a
 * constant name, with ai's value (O_DIRECTORY is 0x4000 on aarch64). */
static int parse_term(const char **sp, const struct sf_arch_info *ai, uint64_t *out, char *why,
		      size_t size)
{
	const char *s = skip_space(*sp), *start = s;

	if (isalpha((unsigned char)*s) || *s == '_') {
		const struct sf_constant *c;

		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		c = sf_arch_constant_lookup(ai, start, (size_t)(s - start));
		if (!c) {
			snprintf(why, size, "unknown constant '%.*s' on %s", (int)(s - start), start,
				 ai->name);
			return -1;
		}
		*out = (uint64_t)c->value;
	} else {
		int neg = *s == '-';
		char *end;

		if (neg)
			s++;
		errno = 0;
		*out = strtoull(s, &end, 0);
		if (end == s || errno) {
			snprintf(why, size, "expected a number or a constant name at '%s'", start);
			return -1;
		}
		if (neg)
			*out = -*out;
		s = end;
	}
	*sp = skip_space(s);
	return 0;
}

/* "NAME=" before a value: the argument it names, as a report writes it. */
static int named_arg(const char **sp, const struct sf_syscall *sc, int *at, char *why, size_t size)
{
	const char *s = *sp, *e = s;

	while (isalnum((unsigned char)*e) || *e == '_')
		e++;
	if (e == s || *skip_space(e) != '=')
		return 0;
	for (int i = 0; i < sc->nargs; i++) {
		if (strlen(sc->args[i].name) == (size_t)(e - s) &&
		    !strncmp(sc->args[i].name, s, (size_t)(e - s))) {
			*at = i;
			*sp = skip_space(skip_space(e) + 1);
			return 0;
		}
	}
	snprintf(why, size, "%s has no argument '%.*s'", sc->name, (int)(e - s), s);
	return -1;
}

/* A quoted string (a path in a report): seccomp sees only its address. */
static int skip_string(const char **sp, char *why, size_t size)
{
	const char *s = *sp + 1;

	while (*s && *s != '"')
		s += *s == '\\' && s[1] ? 2 : 1;
	if (*s != '"') {
		snprintf(why, size, "a string without its closing quote");
		return -1;
	}
	*sp = skip_space(s + 1);
	return 0;
}

int sf_call_parse(const char *text, enum sf_arch arch, struct seccomp_data *sd, char *why,
		  size_t size)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);
	const struct sf_syscall *sc;
	const char *s = skip_space(text), *name = s;
	char buf[64];
	int n = 0;

	memset(sd, 0, sizeof(*sd));
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	if (s == name || (size_t)(s - name) >= sizeof buf) {
		snprintf(why, size, "expected a call like 'openat(AT_FDCWD, 0, O_RDONLY)'");
		return -1;
	}
	memcpy(buf, name, (size_t)(s - name));
	buf[s - name] = 0;
	sc = sf_syscall_by_name(ai->table, strncmp(buf, "sys_", 4) ? buf : buf + 4);
	if (!sc) {
		snprintf(why, size, "no syscall '%s' on %s", buf, ai->name);
		return -1;
	}
	sd->nr = sc->nr;
	sd->arch = ai->audit_arch;
	s = skip_space(s);
	if (*s != '(') {
		snprintf(why, size, "expected '(' after %s", buf);
		return -1;
	}
	s = skip_space(s + 1);
	while (*s != ')') {
		uint64_t v = 0, t;
		int at = n;

		if (n == 6) {
			snprintf(why, size, "a syscall has at most 6 arguments");
			return -1;
		}
		/* A report's own syntax: NAME=VALUE, a path as a string. */
		if (named_arg(&s, sc, &at, why, size))
			return -1;
		if (*s == '"') {
			if (skip_string(&s, why, size))
				return -1;
			v = SF_CALL_STRING;
		} else {
			for (;;) {
				if (parse_term(&s, ai, &t, why, size))
					return -1;
				v |= t;
				if (*s != '|')
					break;
				s++;
			}
		}
		sd->args[at] = v;
		n = at + 1;
		if (*s == ',')
			s = skip_space(s + 1);
		else if (*s != ')') {
			snprintf(why, size, "expected ',' or ')' at '%s'", s);
			return -1;
		}
	}
	if (*skip_space(s + 1)) {
		snprintf(why, size, "unexpected text after ')'");
		return -1;
	}
	return 0;
}

uint32_t sf_stack_run(const struct sf_prog *progs, size_t n, const struct seccomp_data *sd)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	/* kernel/seccomp.c walks from the newest filter to the oldest and
	 * keeps a result only when strictly more severe. */
	for (size_t i = n; i-- > 0;) {
		uint32_t cur = sf_bpf_run(&progs[i], sd, NULL);

		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) <
		    (int32_t)(ret & SECCOMP_RET_ACTION_FULL))
			ret = cur;
	}
	return ret;
}

void sf_ret_format(uint32_t ret, char *buf, size_t size)
{
	uint32_t data = ret & SECCOMP_RET_DATA;
	const char *e;

	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, size, "kill-process");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, size, "kill-thread");
		break;
	case SECCOMP_RET_TRAP:
		if (data)
			snprintf(buf, size, "trap %u", data);
		else
			snprintf(buf, size, "trap");
		break;
	case SECCOMP_RET_ERRNO:
		e = sf_errno_name((int)data);
		if (e)
			snprintf(buf, size, "errno %s", e);
		else
			snprintf(buf, size, "errno %u", data);
		break;
	case SECCOMP_RET_USER_NOTIF:
		snprintf(buf, size, "user-notify");
		break;
	case SECCOMP_RET_TRACE:
		snprintf(buf, size, "trace %u", data);
		break;
	case SECCOMP_RET_LOG:
		snprintf(buf, size, "log");
		break;
	case SECCOMP_RET_ALLOW:
		snprintf(buf, size, "allow");
		break;
	default:
		snprintf(buf, size, "unknown action 0x%08x", ret);
	}
}
