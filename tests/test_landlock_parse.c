/* Path, port and scope rules: each grammar element parses to the model it
 * means, each error is given at its file:line:col, and (property) any
 * path, written as the language quotes it, reads back as itself, while
 * random text after `path` either parses or fails with a located error,
 * never crashing or reading past its end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "test.h"

static int parse(const char *text, struct sf_policy *p, struct sf_error *err)
{
	sf_policy_init(p, SF_ARCH_X86_64);
	if (sf_parse_text(p, "p.txt", text, strlen(text), err))
		return -1;
	return sf_parse_finish(p, err);
}

#define READ (SF_LL_FS_READ_FILE | SF_LL_FS_READ_DIR)

static void test_model(void)
{
	struct sf_policy p;
	struct sf_error err;
	const struct sf_landlock *l = &p.landlock;
	int r = parse("default: allow\n"
		      "path /usr, /lib,\"/srv/my files\" : read execute # c\n"
		      "path \"/a\\\\b\\\"c\\x41\\101\\n\": write, create remove refer ioctl\n"
		      "connect tcp: 443, 8080\n"
		      "bind tcp: 0 65535\n"
		      "scope: signal abstract-unix\n"
		      "landlock: strict\n"
		      "connect: 1\n"
		      "bind, listen: 1\n"
		      "path rel/dir\\\n   , x: read\n",
		      &p, &err);

	CHECKF(r == 0, "%s", err.msg);
	if (r)
		return;
	CHECK(l->npaths == 6);
	CHECK(l->npaths > 5 && !strcmp(l->paths[0].path, "/usr") &&
	      !strcmp(l->paths[1].path, "/lib") && !strcmp(l->paths[2].path, "/srv/my files") &&
	      !strcmp(l->paths[3].path, "/a\\b\"cAA\n") && !strcmp(l->paths[4].path, "rel/dir") &&
	      !strcmp(l->paths[5].path, "x"));
	CHECK(l->paths[0].access == (READ | SF_LL_FS_EXECUTE));
	CHECK(l->paths[2].line == 2 && l->paths[2].col == 17);
	CHECK(l->paths[3].access ==
	      (SF_LL_FS_WRITE_FILE | SF_LL_FS_TRUNCATE | SF_LL_FS_MAKE_REG | SF_LL_FS_MAKE_DIR |
	       SF_LL_FS_MAKE_SYM | SF_LL_FS_MAKE_FIFO | SF_LL_FS_MAKE_SOCK | SF_LL_FS_REFER |
	       SF_LL_FS_IOCTL_DEV | SF_LL_FS_REMOVE_FILE | SF_LL_FS_REMOVE_DIR));
	CHECK(l->paths[5].line == 11 && l->paths[5].col == 6);
	CHECK(l->nports == 4 && l->ports[0].port == 443 && !l->ports[0].bind &&
	      l->ports[1].port == 8080 && l->ports[2].port == 0 && l->ports[2].bind &&
	      l->ports[3].port == 65535);
	CHECK(l->scopes == (SF_LL_SCOPE_SIGNAL | SF_LL_SCOPE_ABSTRACT_UNIX));
	CHECK(l->strict && l->mode_set && l->mode_line == 7);
	/* connect: and bind, listen: stay syscall rules */
	CHECK(p.nrules == 3);
	sf_policy_free(&p);

	/* A group of path rules, and the copy a stack's widening takes. */
	r = parse("default: allow\n@loader\n@tty\n", &p, &err);
	CHECKF(r == 0, "%s", err.msg);
	if (!r) {
		struct sf_policy c;

		CHECK(l->npaths > 4 && !strcmp(l->paths[0].path, "/lib") && l->paths[0].via_group &&
		      l->paths[0].line == 2);
		CHECK(sf_policy_copy(&c, &p) == 0 && c.landlock.npaths == l->npaths &&
		      c.landlock.paths[0].path != l->paths[0].path &&
		      !strcmp(c.landlock.paths[0].path, "/lib"));
		sf_policy_free(&c);
		sf_policy_free(&p);
	}

	/* Path rules alone make a policy (its default is then kill-process);
	 * a policy without any restricts no file. */
	r = parse("path /: read\n", &p, &err);
	CHECKF(r == 0 && p.default_action.kind == SF_ACT_KILL_PROCESS, "%s", err.msg);
	sf_policy_free(&p);
	r = parse("read: 1\n", &p, &err);
	CHECK(r == 0 && !sf_landlock_any(&p.landlock));
	sf_policy_free(&p);
	CHECK(parse("landlock: strict\n", &p, &err) == -1 && strstr(err.msg, "empty"));
}

static void expect_error(int line, const char *text, const char *where, const char *what)
{
	struct sf_policy p;
	struct sf_error err;

	if (parse(text, &p, &err) == 0) {
		CHECKF(0, "line %d: parsed: %s", line, text);
		sf_policy_free(&p);
		return;
	}
	CHECKF(!strncmp(err.msg, where, strlen(where)) && strstr(err.msg, what),
	       "line %d: %s\n  wanted %s...%s", line, err.msg, where, what);
}
#define ERR(text, where, what) expect_error(__LINE__, "default: allow\n" text, where, what)

static void test_errors(void)
{
	/* path: the paths */
	ERR("path", "p.txt:2:5: error: ", "expected a path after 'path'");
	ERR("path : read", "p.txt:2:6: error: ", "expected a path after 'path'");
	ERR("path /a,: read", "p.txt:2:9: error: ", "expected a path after ','");
	ERR("path /a /b: read", "p.txt:2:9: error: ", "expected ',' or ':' after a path");
	ERR("path /a", "p.txt:2:8: error: ", "expected ':' and rights after the path");
	ERR("path /a # c", "p.txt:2:9: error: ", "expected ':' and rights");
	ERR("path /a\"b: read", "p.txt:2:8: error: ", "'\"' inside a path: quote the whole path");
	ERR("path /a\\b: read", "p.txt:2:8: error: ", "'\\' inside a path");
	ERR("path /a\x01: read", "p.txt:2:8: error: ", "control character \\x01 in a path");
	/* quoted paths */
	ERR("path \"/a: read", "p.txt:2:6: error: ", "unterminated quoted path");
	ERR("path \"\": read", "p.txt:2:6: error: ", "empty path");
	ERR("path \"\\q\": read", "p.txt:2:7: error: ", "unknown escape '\\q' in a path");
	ERR("path \"\\x\": read", "p.txt:2:7: error: ", "'\\x' without hexadecimal digits");
	ERR("path \"\\0\": read", "p.txt:2:7: error: ", "a path cannot hold a NUL byte");
	ERR("path \"\\400\": read", "p.txt:2:7: error: ", "octal escape above \\377");
	ERR("path \"/a\" \"/b\": read", "p.txt:2:11: error: ", "expected ',' or ':'");
	/* rights */
	ERR("path /a:", "p.txt:2:9: error: ", "expected a right after ':'");
	ERR("path /a: reed", "p.txt:2:10: error: ", "unknown right 'reed'; did you mean 'read'?");
	ERR("path /a: rwx", "p.txt:2:10: error: ",
	    "unknown right 'rwx' (read, write, execute, create, remove, refer or ioctl)");
	ERR("path /a: read 1", "p.txt:2:15: error: ", "expected right (");
	/* ports */
	ERR("connect udp: 53", "p.txt:2:9: error: ", "Landlock restricts TCP ports only");
	ERR("bind tcp 80", "p.txt:2:10: error: ", "expected ':' after 'tcp'");
	ERR("bind tcp:", "p.txt:2:10: error: ", "expected a port number after ':'");
	ERR("bind tcp: http", "p.txt:2:11: error: ", "expected a port number, found name");
	ERR("bind tcp: 65536", "p.txt:2:11: error: ", "port out of range (0 to 65535)");
	/* scopes */
	ERR("scope signal", "p.txt:2:7: error: ", "expected ':' after 'scope'");
	ERR("scope:", "p.txt:2:7: error: ", "expected a scope after ':'");
	ERR("scope: signals", "p.txt:2:8: error: ", "did you mean 'signal'?");
	/* landlock: */
	ERR("landlock: lax", "p.txt:2:11: error: ", "expected 'strict' or 'best-effort'");
	ERR("landlock strict", "p.txt:2:10: error: ", "expected ':' after 'landlock'");
	ERR("landlock: strict\nlandlock: strict",
	    "p.txt:3:1: error: ", "'landlock:' given twice: first at p.txt:2");
	/* groups */
	ERR("@loaderr", "p.txt:2:2: error: ", "unknown directive or group");
	ERR("@loader extra", "p.txt:2:9: error: ", "unexpected name after the statement");
}

/* ---- property: paths written as the language quotes them read back ---- */

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A path of random bytes (no NUL). */
static void random_path(char *out, size_t max)
{
	static const char common[] = "/abc.-_ ,:#\"\\\t\n";
	size_t n = 1 + rnd((unsigned)max - 1);

	for (size_t i = 0; i < n; i++)
		out[i] = rnd(4) ? common[rnd(sizeof common - 1)] : (char)(1 + rnd(255));
	out[n] = 0;
}

/* The path as the language writes it: bare when it can be, else quoted
 * with escapes. */
static void quote(const char *path, char *out)
{
	int bare = 1;

	for (const unsigned char *c = (const unsigned char *)path; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || strchr(",:#\"\\", *c))
			bare = 0;
	if (bare) {
		strcpy(out, path);
		return;
	}
	*out++ = '"';
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if (*c == '"' || *c == '\\')
			out += sprintf(out, "\\%c", *c);
		else if (*c < 0x20 || *c >= 0x7f)
			out += sprintf(out, rnd(2) ? "\\x%02x" : "\\%03o", *c);
		else
			*out++ = (char)*c;
	}
	*out++ = '"';
	*out = 0;
}

static void test_roundtrip(void)
{
	char paths[3][64], text[2048], q[400];
	int failed = 0;

	for (int iter = 0; iter < 20000 && failed < 5; iter++) {
		struct sf_policy p;
		struct sf_error err;
		uint64_t want = 0;
		size_t len, n = 1 + rnd(3);

		len = (size_t)sprintf(text, "default: allow\npath ");
		for (size_t k = 0; k < n; k++) {
			random_path(paths[k], sizeof paths[k]);
			/* the test's own quoting, or the library's */
			if (rnd(2))
				quote(paths[k], q);
			else if (sf_ll_format_path(paths[k], q, sizeof q) >= sizeof q)
				CHECKF(0, "quoted path too long");
			len += (size_t)sprintf(text + len, "%s%s%s", k ? (rnd(2) ? ", " : ",") : "",
					       q, rnd(2) ? " " : "");
		}
		len += (size_t)sprintf(text + len, ":");
		for (int w = 0; sf_ll_rights[w].name; w++)
			if (rnd(2) || (!want && !sf_ll_rights[w + 1].name)) {
				len += (size_t)sprintf(text + len, " %s", sf_ll_rights[w].name);
				want |= sf_ll_rights[w].bits;
			}
		sprintf(text + len, rnd(2) ? " # comment\n" : "\n");
		if (parse(text, &p, &err)) {
			CHECKF(0, "did not parse: %s\n%s", text, err.msg);
			failed++;
			continue;
		}
		int ok = p.landlock.npaths == n;
		for (size_t k = 0; ok && k < n; k++)
			ok = !strcmp(p.landlock.paths[k].path, paths[k]) &&
			     p.landlock.paths[k].access == want;
		CHECKF(ok, "read back differently: %s", text);
		failed += !ok;
		sf_policy_free(&p);
	}
}

/* Random bytes after `path` (and after the other statements' words):
 * a model, or an error that says where. */
static void test_random_text(void)
{
	static const char *const starts[] = {
	    "path ", "path \"", "connect tcp: ", "bind ", "scope: ", "landlock: ", "@"};
	static const char alphabet[] = "/a\"\\,: #\nx0123456789\t-rwtcp";
	char text[256];

	for (int iter = 0; iter < 20000; iter++) {
		struct sf_policy p;
		struct sf_error err;
		const char *s = starts[rnd(sizeof starts / sizeof starts[0])];
		size_t len = (size_t)sprintf(text, "default: allow\n%s", s), n = rnd(40);

		for (size_t i = 0; i < n; i++)
			text[len++] =
			    rnd(8) ? alphabet[rnd(sizeof alphabet - 1)] : (char)(1 + rnd(255));
		text[len] = 0;
		/* sf_parse_text copies: the parser sees a text that ends here. */
		if (parse(text, &p, &err) == 0) {
			sf_policy_free(&p);
			continue;
		}
		if (strncmp(err.msg, "p.txt:", 6) || !strstr(err.msg, ": error: ")) {
			CHECKF(0, "error without a place: %s", err.msg);
			return;
		}
	}
	CHECK(1);
}

/* A parsed policy's rules, written back by sf_landlock_format, read
 * back as the same rules. */
static void test_format(void)
{
	static const char text[] = "path /usr, \"/srv/my files\": read execute\n"
				   "path \"/a\\\\b\\x01\\xff\": write create remove refer ioctl\n"
				   "path rel: read\n"
				   "connect tcp: 443, 8080\nbind tcp: 0\n"
				   "scope: signal, abstract-unix\nlandlock: strict\n";
	struct sf_policy p, q;
	struct sf_error err;
	char out[1024];
	size_t n;

	CHECKF(parse(text, &p, &err) == 0, "%s", err.msg);
	n = sf_landlock_format(&p.landlock, out, sizeof out);
	CHECK(n < sizeof out &&
	      !strcmp(out, "path /usr: read execute\n"
			   "path \"/srv/my files\": read execute\n"
			   "path \"/a\\\\b\\x01\\xff\": write create remove refer ioctl\n"
			   "path rel: read\n"
			   "connect tcp: 443, 8080\nbind tcp: 0\n"
			   "scope: signal, abstract-unix\nlandlock: strict\n"));
	CHECKF(parse(out, &q, &err) == 0, "%s", err.msg);
	CHECK(q.landlock.npaths == p.landlock.npaths && q.landlock.nports == p.landlock.nports &&
	      q.landlock.scopes == p.landlock.scopes && q.landlock.strict);
	for (size_t i = 0; i < p.landlock.npaths && i < q.landlock.npaths; i++)
		CHECK(!strcmp(p.landlock.paths[i].path, q.landlock.paths[i].path) &&
		      p.landlock.paths[i].access == q.landlock.paths[i].access);
	/* truncated output says how much it needed */
	CHECK(sf_landlock_format(&p.landlock, out, 8) == n && strlen(out) == 7);
	sf_policy_free(&p);
	sf_policy_free(&q);
}

int main(void)
{
	test_model();
	test_errors();
	test_roundtrip();
	test_random_text();
	test_format();
	return test_report("landlock_parse");
}
