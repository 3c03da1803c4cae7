/* The policy language: text to the policy model (policy.h). A statement
 * is one logical line (a trailing backslash continues it). Expressions are
 * first read into a small syntax tree with argument names unresolved,
 * then resolved once per syscall of the rule, because the same name ("fd")
 * can have a different index and type in each syscall.
 *
 * The parser's parts (lex.c, value.c, expr.c, action.c, resolve.c, rule.c,
 * parse.c) share its state and these steps; nothing here is for users of
 * the parser (parse.h). */
#ifndef SF_PARSE_INT_H
#define SF_PARSE_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "constants.h"
#include "groups.h"
#include "parse.h"

#define MAX_INCLUDE_DEPTH 16
#define MAX_NESTING 256
#define MAX_POLICY_BYTES (16u << 20)
#define MAX_NAMES_PER_RULE 1024
#define MAX_COLLECTED_ERRORS 50

typedef __int128 wide;

enum tok {
	T_EOL,
	T_EOF,
	T_IDENT,
	T_NUM,
	T_COLON,
	T_SEMI,
	T_COMMA,
	T_LBRACE,
	T_RBRACE,
	T_LPAREN,
	T_RPAREN,
	T_OROR,
	T_ANDAND,
	T_NOT,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_AMP,
	T_PIPE,
	T_TILDE,
	T_MINUS,
	T_AT,
};

struct token {
	enum tok t;
	size_t off, len;
	wide num;
};

/* Where errors go when the parser reads on after one (--check). */
struct collect {
	void (*each)(void *ctx, const char *msg);
	void *ctx;
	int count;
};

/* One text being read: a file, an included file, or inline rules. */
struct source {
	struct collect *collect; /* NULL: stop at the first error */
	const char *name;
	int file; /* index into policy->files */
	const char *text;
	size_t len;
	int depth;
	const struct source *parent;
	dev_t dev; /* identity for cycle detection; ino 0 for inline text */
	ino_t ino;
};

/* Syntax tree of one expression, before argument names are resolved. */
enum sx_kind { SX_OR, SX_AND, SX_NOT, SX_CMP };

struct sx {
	enum sx_kind kind;
	enum sf_cmp_op op;
	size_t arg_off, arg_len; /* the argument's name in the text */
	int has_mask;
	/* The text has a '~', which takes the width of the argument: read
	 * again once the argument is known. */
	unsigned char mask_tilde, value_tilde;
	wide mask, value;
	size_t mask_off, value_off;
	int left, right;
};

struct parser {
	struct sf_policy *p;
	const struct sf_arch_info *arch; /* the policy's, asked for at every name */
	const struct source *src;
	struct sf_error *err;
	size_t pos;
	struct token tok;
	struct sx *sx;
	size_t nsx, sx_cap;
	int depth;
	/* The line of the current token and where it starts, kept by sf_ps_next():
	 * a rule records its line, so this is asked for at every rule. */
	int line;
	size_t line_start;
	/* '~' computes at this width (0: not known yet, sets saw_tilde). */
	int tilde_bits, saw_tilde;
	/* Resolving the low-32-bit reading of arguments the audit is not sure
	 * of (SF_ARGF_DUAL); saw_dual: the expression compares one. */
	int read32, saw_dual;
	/* In the value just read: how many '|' and constant names, and where
	 * its text ends (a note for 'fd == 1 | 2'). */
	int value_pipes, value_names;
	size_t value_end;
};

/* A syscall a rule is for, with the name it was reached by. */
struct target {
	int nr;
	const struct sf_syscall *sc; /* NULL for a syscall given by number */
	size_t name_off;
	const struct sf_group *group; /* reached through this group, or NULL */
};

/* A hexadecimal digit's value; 99 for any other character. */
int sf_ps_digit_value(int c);
int sf_ps_at_end(const struct parser *ps);
int sf_ps_expect(struct parser *ps, enum tok t, const char *context);
int sf_ps_expect_end(struct parser *ps, const char *context);
__attribute__((format(printf, 3, 4))) int sf_ps_fail(struct parser *ps, size_t off, const char *fmt,
						     ...);
void sf_ps_line_col(struct parser *ps, size_t off, int *line, int *col);
int sf_ps_line_of(struct parser *ps, size_t off);
int sf_ps_next(struct parser *ps);
/* Enters one level of (, !, - or ~ at the current token; -1 past
 * MAX_NESTING, so that a hostile policy cannot exhaust the stack. The
 * caller leaves with ps->depth--. */
int sf_ps_nest(struct parser *ps);
int sf_ps_tok_is(const struct parser *ps, const char *word);
const char *sf_ps_tok_name(enum tok t);
int sf_ps_parse_value(struct parser *ps, wide *out);
int sf_ps_parse_or(struct parser *ps);
int sf_ps_parse_action(struct parser *ps, struct sf_action *a, int alone);
int sf_ps_fit(struct parser *ps, wide v, size_t off, int type, int width, int pattern,
	      const struct target *tg, const struct sx *c, uint64_t *out);
int sf_ps_resolve(struct parser *ps, int sxi, const struct target *tg);
/* The kernel's name of sc's argument the man pages call name, or NULL
 * (mannames.c). */
const char *sf_man_argname(const struct sf_syscall *sc, const char *name, size_t len);
int sf_ps_add_file(struct sf_policy *p, const char *name);
int sf_ps_parse_rule(struct parser *ps);
/* Path, port and scope rules and `landlock:` (landlock_rule.c). */
int sf_ps_is_landlock_statement(struct parser *ps);
int sf_ps_parse_landlock(struct parser *ps);
int sf_ps_is_path_group(const struct parser *ps);
int sf_ps_parse_path_group(struct parser *ps);
int sf_ps_parse_syscall_name(struct parser *ps, struct target *tg);
int sf_ps_parse_source(struct sf_policy *p, const struct source *src, struct sf_error *err);
int sf_ps_read_file(const char *path, char **text, size_t *len, dev_t *dev, ino_t *ino,
		    struct sf_error *err);

#endif
