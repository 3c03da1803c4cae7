/* Actions: allow, kill-process, kill-thread, trap, log, errno N, trace N,
 * user-notify, and minijail's spellings of them. */
#include <errno.h>
#include <string.h>

#include "parse_int.h"

/* ---- actions ---- */

/* Other constants share errno's values (SIGKILL is 9, EPOLLIN 1): only
 * names spelt like errno names (E followed by a capital, not the epoll,
 * eventfd or exit families) may name an errno. */
static int is_errno_spelling(const char *name)
{
	return name[0] == 'E' &&
	       ((name[1] >= 'A' && name[1] <= 'Z') || (name[1] >= '0' && name[1] <= '9')) &&
	       strncmp(name, "EPOLL", 5) != 0 && strncmp(name, "EFD_", 4) != 0 &&
	       strncmp(name, "EXIT_", 5) != 0;
}

static int parse_errno_value(struct parser *ps, uint16_t *out)
{
	const struct sf_constant *c;
	size_t off = ps->tok.off;

	if (ps->tok.t == T_NUM) {
		if (ps->tok.num > 4095)
			return sf_ps_fail(ps, off, "errno values go up to 4095");
		*out = (uint16_t)ps->tok.num;
		return sf_ps_next(ps);
	}
	if (ps->tok.t == T_IDENT) {
		c = sf_constant_lookup(ps->src->text + off, ps->tok.len);
		if (c && c->value > 0 && c->value <= 4095 && sf_errno_name((int)c->value) &&
		    is_errno_spelling(c->name)) {
			*out = (uint16_t)c->value;
			return sf_ps_next(ps);
		}
		return sf_ps_fail(ps, off, "'%.*s' is not an errno name (like EPERM or ENOSYS)",
				  (int)ps->tok.len, ps->src->text + off);
	}
	return sf_ps_fail(ps, off, "expected an errno name or number");
}

/* The action the current token names, or -1 if it names none. */
static int action_kind(const struct parser *ps)
{
	if (ps->tok.t == T_NUM)
		return ps->tok.num == 1 ? SF_ACT_ALLOW : ps->tok.num == 0 ? SF_ACT_DENIAL : -1;
	if (ps->tok.t != T_IDENT)
		return -1;
	if (sf_ps_tok_is(ps, "allow"))
		return SF_ACT_ALLOW;
	if (sf_ps_tok_is(ps, "kill") || sf_ps_tok_is(ps, "kill-process"))
		return SF_ACT_KILL_PROCESS;
	if (sf_ps_tok_is(ps, "kill-thread"))
		return SF_ACT_KILL_THREAD;
	if (sf_ps_tok_is(ps, "trap"))
		return SF_ACT_TRAP;
	if (sf_ps_tok_is(ps, "log"))
		return SF_ACT_LOG;
	if (sf_ps_tok_is(ps, "user-notify"))
		return SF_ACT_USER_NOTIF;
	if (sf_ps_tok_is(ps, "errno") || sf_ps_tok_is(ps, "return"))
		return SF_ACT_ERRNO;
	if (sf_ps_tok_is(ps, "trace"))
		return SF_ACT_TRACE;
	return -1;
}

/* An action's name misspelt (kil-process): the closest one. Where a
 * condition may stand instead (alone), only a word that ends the
 * statement, which no condition is. */
static const char *misspelt_action(const struct parser *ps, int alone)
{
	static const char *const names[] = {"allow",  "kill", "kill-process", "kill-thread",
					    "trap",   "log",  "user-notify",  "errno",
					    "return", "trace"};
	struct parser look;
	struct sf_error scratch;

	if (ps->tok.t != T_IDENT)
		return NULL;
	if (alone) {
		look = *ps;
		look.err = &scratch;
		if (sf_ps_next(&look) || !sf_ps_at_end(&look))
			return NULL;
	}
	return sf_suggest(ps->src->text + ps->tok.off, ps->tok.len, names,
			  sizeof(names) / sizeof(names[0]));
}

/* Returns 1 and fills *a if the body at the current token is an action
 * ending the statement, 0 if it is not an action (nothing consumed), -1 on
 * error. */
int sf_ps_parse_action(struct parser *ps, struct sf_action *a, int alone)
{
	/* Where the body starts, to read it again as a condition. */
	enum tok save_t = ps->tok.t;
	size_t off = ps->tok.off, save_line_start = ps->line_start;
	int save_line = ps->line, kind = action_kind(ps);

	if (kind < 0) {
		const char *hint = misspelt_action(ps, alone);

		if (hint)
			return sf_ps_fail(ps, off, "unknown action '%.*s'; did you mean '%s'?",
					  (int)ps->tok.len, ps->src->text + off, hint);
		if (!alone)
			return sf_ps_fail(
			    ps, off,
			    "expected an action (allow, kill-process, kill-thread, trap, "
			    "log, errno N, trace N, user-notify)");
		return 0;
	}
	memset(a, 0, sizeof(*a));
	a->kind = (unsigned char)kind;
	if (sf_ps_next(ps))
		return -1;
	if (kind == SF_ACT_ERRNO) {
		if (sf_ps_at_end(ps))
			return sf_ps_fail(ps, ps->tok.off, "expected an errno name or number");
		if (parse_errno_value(ps, &a->data))
			return -1;
	} else if (kind == SF_ACT_TRACE && !sf_ps_at_end(ps)) {
		/* minijail's bare `trace` notifies the tracer with 0. */
		if (ps->tok.t != T_NUM || ps->tok.num > 0xffff)
			return sf_ps_fail(ps, ps->tok.off,
					  "expected a number 0..65535 after 'trace'");
		a->data = (uint16_t)ps->tok.num;
		if (sf_ps_next(ps))
			return -1;
	}
	if (sf_ps_at_end(ps))
		return 1;
	if (!alone)
		return sf_ps_fail(ps, ps->tok.off, "unexpected %s after the action",
				  sf_ps_tok_name(ps->tok.t));
	/* "allow" followed by more text: not an action after all. Its
	 * token is read again from where it starts; sf_ps_next() counts a line
	 * only after a newline token, which it was not. */
	ps->pos = off;
	ps->tok.t = save_t;
	ps->line = save_line;
	ps->line_start = save_line_start;
	return sf_ps_next(ps) ? -1 : 0;
}
