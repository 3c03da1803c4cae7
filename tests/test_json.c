/* The strict JSON reader (parser/oci/json.c) and the errors of the
 * container-profile reader: each malformed-JSON class, each wrong field,
 * with its JSON path and file:line:col. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "oci.h"
#include "parse.h"
#include "test.h"

static int parse(struct sf_json_doc *d, const char *text, char *msg, size_t *off)
{
	return sf_json_parse(d, text, strlen(text), msg, 200, off);
}

static void valid(void)
{
	struct sf_json_doc d;
	char msg[200];
	size_t off;
	int m;

	CHECK(parse(&d,
		    " {\"a\": [1, -0, 18446744073709551615, 18446744073709551616, 1.5, 2e3],"
		    "\"s\": \"x\\u00e9\\ud83d\\ude00\\n\\\"\\/\", \"t\": true, \"n\": null}",
		    msg, &off) == 0);
	CHECK(d.v[0].type == SF_JSON_OBJECT && d.v[0].len == 4);
	m = sf_json_get(&d, 0, "a");
	CHECK(m >= 0 && d.v[m].type == SF_JSON_ARRAY && d.v[m].len == 6);
	m = d.v[m].first;
	CHECK(d.v[m].integer && d.v[m].magnitude == 1);
	m = d.v[m].next;
	CHECK(d.v[m].integer && d.v[m].negative && d.v[m].magnitude == 0);
	m = d.v[m].next;
	CHECK(d.v[m].integer && !d.v[m].overflow && d.v[m].magnitude == UINT64_MAX);
	m = d.v[m].next;
	CHECK(d.v[m].integer && d.v[m].overflow);
	m = d.v[m].next;
	CHECK(!d.v[m].integer);
	m = d.v[m].next;
	CHECK(!d.v[m].integer && d.v[m].next < 0);
	m = sf_json_get(&d, 0, "s");
	CHECK(m >= 0 && !strcmp(d.v[m].str, "x\xc3\xa9\xf0\x9f\x98\x80\n\"/") && d.v[m].len == 10);
	CHECK(d.v[sf_json_get(&d, 0, "t")].type == SF_JSON_TRUE);
	CHECK(d.v[sf_json_get(&d, 0, "n")].type == SF_JSON_NULL);
	CHECK(sf_json_get(&d, 0, "missing") < 0);
	sf_json_free(&d);
}

/* Each class of malformed text, with what the message says and where. */
static void malformed(void)
{
	static const struct {
		const char *text, *says;
		size_t off;
	} cases[] = {
	    {"", "unexpected end", 0},
	    {"{", "expected a string key", 1},
	    {"{\"a\" 1}", "expected ':'", 5},
	    {"{\"a\": 1,}", "expected a string key", 8},
	    {"[1 2]", "expected ','", 3},
	    {"{\"a\": 1} x", "text after", 9},
	    {"{\"a\": 1, \"a\": 2}", "duplicate key", 9},
	    {"\"abc", "unterminated string", 0},
	    {"\"a\tb\"", "control character", 2},
	    {"\"\\x\"", "unknown escape", 1},
	    {"\"\\u12g4\"", "four hex digits", 5},
	    {"\"\\ud800\"", "unpaired surrogate", 1},
	    {"\"\\udc00\"", "unpaired surrogate", 1},
	    {"\"\\u0000\"", "\\u0000", 1},
	    {"\"\xc3\"", "invalid UTF-8", 1},
	    {"\"\xc0\xaf\"", "invalid UTF-8", 1},
	    {"\"\xed\xa0\x80\"", "invalid UTF-8", 1},
	    {"01", "leading zero", 0},
	    {"-", "malformed number", 0},
	    {"1.", "malformed number", 2},
	    {"1e", "malformed number", 2},
	    {"tru", "unexpected character", 0},
	    {"nul", "unexpected character", 0},
	    {"'a'", "unexpected character", 0},
	};
	struct sf_json_doc d;
	char msg[200];
	size_t off;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = parse(&d, cases[i].text, msg, &off);
		CHECKF(r == -1 && strstr(msg, cases[i].says) && off == cases[i].off,
		       "%s: r %d, '%s' at %zu", cases[i].text, r, r ? msg : "", off);
	}
}

static void depth(void)
{
	char text[200];
	struct sf_json_doc d;
	char msg[200];
	size_t off;

	memset(text, '[', 64);
	memset(text + 64, ']', 64);
	text[128] = '\0';
	CHECK(parse(&d, text, msg, &off) == 0);
	sf_json_free(&d);
	memset(text, '[', 66);
	memset(text + 66, ']', 66);
	text[132] = '\0';
	CHECK(parse(&d, text, msg, &off) == -1 && strstr(msg, "nested deeper") && off == 65);
}

static void many_values(void)
{
	size_t n = SF_JSON_MAX_VALUES + 1, len = 2 * n + 1;
	char *text = malloc(len + 1), msg[200];
	struct sf_json_doc d;
	size_t off;

	text[0] = '[';
	for (size_t i = 0; i < n; i++)
		memcpy(text + 1 + 2 * i, i + 1 < n ? "0," : "0]", 2);
	CHECK(sf_json_parse(&d, text, len, msg, sizeof(msg), &off) == -1 &&
	      strstr(msg, "more than 1048576 values") &&
	      off == 1 + 2 * ((size_t)SF_JSON_MAX_VALUES - 1)); /* the array is one */
	free(text);
}

static void linecol(void)
{
	int line, col;

	sf_json_linecol("ab\ncd\n", 6, 4, &line, &col);
	CHECK(line == 2 && col == 2);
	sf_json_linecol("ab", 2, 0, &line, &col);
	CHECK(line == 1 && col == 1);
}

static void detection(void)
{
	CHECK(sf_oci_is_json(" \n{\"defaultAction\": 1}", 21));
	CHECK(sf_oci_is_json("{ }", 3));
	CHECK(!sf_oci_is_json("{read, write}: 1", 16));
	CHECK(!sf_oci_is_json("read: 1", 7));
	CHECK(!sf_oci_is_json("  ", 2));
}

/* A profile's errors: one line, file:line:col, the JSON path, what. */
static void profile_errors(void)
{
	static const struct {
		const char *text, *says;
	} cases[] = {
	    /* malformed JSON */
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n \"syscalls\": [}",
	     "p.json:2:15: error: malformed JSON: unexpected character"},
	    /* wrong types */
	    {"{\"defaultAction\": 1}",
	     "p.json:1:19: error: defaultAction: expected a string, found a number"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {}}",
	     "syscalls: expected an array, found an object"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": \"read\", "
	     "\"action\": \"SCMP_ACT_ERRNO\"}]}",
	     "syscalls[0].names: expected an array, found a string"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1.5}",
	     "defaultErrnoRet: expected an integer, found a fraction"},
	    /* missing and unknown keys */
	    {"{\"syscalls\": []}", "p.json:1:1: error: no \"defaultAction\""},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"sycalls\": []}",
	     "p.json:1:37: error: unknown key \"sycalls\"; did you mean \"syscalls\"?"},
	    /* unknown actions, operators, names */
	    {"{\"defaultAction\": \"SCMP_ACT_ALOW\"}",
	     "defaultAction: unknown action \"SCMP_ACT_ALOW\"; did you mean \"SCMP_ACT_ALLOW\"?"},
	    {"{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}", "needs a seccomp listener"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	     "\"SCMP_CMP_EQQ\"}]}]}",
	     "p.json:2:89: error: syscalls[0].args[0].op: unknown operator \"SCMP_CMP_EQQ\"; did "
	     "you mean \"SCMP_CMP_EQ\"?"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\", "
	     "\"write\", \"getpid\", \"opn\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	     "p.json:1:88: error: syscalls[0].names[3]: unknown syscall \"opn\"; did you mean "
	     "\"open\"?"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X68\"]}",
	     "architectures[0]: unknown architecture"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_TSNC\"]}",
	     "flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_TSNC\"; did you mean "
	     "\"SECCOMP_FILTER_FLAG_TSYNC\"?"},
	    /* index > 5 */
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": "
	     "\"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[0].args[0].index: argument index 6; a syscall has arguments 0..5"},
	    /* empty names */
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\"}]}",
	     "syscalls[0].names[0]: empty syscall name"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], "
	     "\"action\": \"SCMP_ACT_ERRNO\"}]}",
	     "syscalls[0].names: no syscall names"},
	    /* values */
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": -1, \"op\": "
	     "\"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[0].args[0].value: negative value"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": "
	     "18446744073709551616, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[0].args[0].value: value out of range 0..18446744073709551615"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 4096}",
	     "defaultErrnoRet: value out of range 0..4095"},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}",
	     "an errno value for SCMP_ACT_ALLOW, which takes none"},
	    /* what sf refuses */
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	     "\"SCMP_CMP_EQ\"}]}, {\"names\": [\"read\"], \"action\": \"SCMP_ACT_TRAP\", \"args\": "
	     "[{\"index\": 1, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[1].names[0]: 'read' already has a conditional rule with another action"},
	    /* Docker's filters */
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\", \"includes\": {\"caps\": [\"CAP_SYS_ADMN\"]}}]}",
	     "syscalls[0].includes.caps[0]: unknown capability \"CAP_SYS_ADMN\""},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], "
	     "\"action\": \"SCMP_ACT_ERRNO\", \"excludes\": {\"arches\": [\"amd46\"]}}]}",
	     "syscalls[0].excludes.arches[0]: unknown architecture \"amd46\""},
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [], \"archMap\": []}",
	     "both \"architectures\" and \"archMap\""},
	    {"{\"ociVersion\": \"1.0.2\", \"linux\": {}}",
	     "an OCI configuration without linux.seccomp"},
	};
	struct sf_policy p;
	struct sf_error err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r;

		sf_policy_init(&p, SF_ARCH_X86_64);
		r = sf_parse_text(&p, "p.json", cases[i].text, strlen(cases[i].text), &err);
		CHECKF(r == -1 && strstr(err.msg, cases[i].says) && !strchr(err.msg, '\n'),
		       "%s\n  gave: %s", cases[i].text, r ? err.msg : "(no error)");
		sf_policy_free(&p);
	}
}

/* What a few profiles mean, read off the model. */
static void model(void)
{
	static const char text[] =
	    "{\"ociVersion\": \"1.0.2\", \"process\": {}, \"linux\": {\"seccomp\": {\n"
	    "\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,\n"
	    "\"syscalls\": [{\"names\": [\"read\", \"breakpoint\", \"_llseek\"], \"action\": "
	    "\"SCMP_ACT_ALLOW\"},\n"
	    "{\"names\": [\"write\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38},\n"
	    "{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_TRACE\"},\n"
	    "{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": "
	    "[\"CAP_SYS_ADMIN\"]}},\n"
	    "{\"names\": [\"chown\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": "
	    "[\"CAP_CHOWN\"]}}]}}}";
	const struct sf_rule *r;
	struct sf_policy p;
	struct sf_error err;

	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECKF(sf_parse_text(&p, "c.json", text, strlen(text), &err) == 0, "%s", err.msg);
	CHECK(p.from_oci && p.default_action.kind == SF_ACT_ERRNO && p.default_action.data == 38);
	r = sf_policy_rule_for(&p, 0); /* read */
	CHECK(r && r->expr < 0 && r->on_true.kind == SF_ACT_ALLOW && r->line == 3);
	CHECK(!sf_policy_rule_for(&p, 1)); /* write: the default's action, skipped */
	r = sf_policy_rule_for(&p, 39);	   /* getpid */
	CHECK(r && r->on_true.kind == SF_ACT_TRACE && r->on_true.data == 1);
	CHECK(!sf_policy_rule_for(&p, 165)); /* mount: CAP_SYS_ADMIN is not Docker's */
	CHECK(sf_policy_rule_for(&p, 92));   /* chown: CAP_CHOWN is */
	r = sf_policy_rule_for(&p, 231);     /* exit_group: the default, not sf's allowance */
	CHECK(r && r->on_true.kind == SF_ACT_ERRNO && r->on_true.data == 38);
	sf_policy_free(&p);

	sf_oci_set_caps("sys_admin");
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECKF(sf_parse_text(&p, "c.json", text, strlen(text), &err) == 0, "%s", err.msg);
	CHECK(sf_policy_rule_for(&p, 165) && !sf_policy_rule_for(&p, 92));
	sf_policy_free(&p);
	sf_oci_set_caps("CAP_NOPE");
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_text(&p, "c.json", text, strlen(text), &err) == -1 &&
	      strstr(err.msg, "names an unknown capability \"CAP_NOPE\""));
	sf_policy_free(&p);
	sf_oci_set_caps(NULL);
}

/* Docker's minKernel, against the running kernel (at least 3.0 here). */
static void min_kernel(void)
{
	static const char text[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
	    "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
	    "{\"minKernel\": \"3.0\"}},\n"
	    "{\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
	    "{\"minKernel\": \"999.1\"}},\n"
	    "{\"names\": [\"close\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": "
	    "{\"minKernel\": \"3.0\"}},\n"
	    "{\"names\": [\"open\"], \"action\": \"SCMP_ACT_ALLOW\", \"excludes\": "
	    "{\"minKernel\": \"999\"}}]}";
	static const char bad[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
	    "[\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
	    "{\"minKernel\": \"4.x\"}}]}";
	struct sf_policy p;
	struct sf_error err;

	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECKF(sf_parse_text(&p, "k.json", text, strlen(text), &err) == 0, "%s", err.msg);
	CHECK(sf_policy_rule_for(&p, 0) && !sf_policy_rule_for(&p, 1));
	CHECK(!sf_policy_rule_for(&p, 3) && sf_policy_rule_for(&p, 2));
	sf_policy_free(&p);
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(
	    sf_parse_text(&p, "k.json", bad, strlen(bad), &err) == -1 &&
	    strstr(err.msg, "syscalls[0].includes.minKernel: minKernel \"4.x\" is not a version"));
	sf_policy_free(&p);
}

/* The engines install with SPEC_ALLOW only when the flags say so. */
static void spec_flags(void)
{
	static const char with[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": "
	    "[\"SECCOMP_FILTER_FLAG_LOG\", \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"]}";
	static const char without[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": "
				      "[\"SECCOMP_FILTER_FLAG_TSYNC\"]}";
	struct sf_policy p;
	struct sf_error err;

	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_text(&p, "f.json", with, strlen(with), &err) == 0 &&
	      !sf_oci_spec_mitigate(&p));
	sf_policy_free(&p);
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_text(&p, "f.json", without, strlen(without), &err) == 0 &&
	      sf_oci_spec_mitigate(&p));
	sf_policy_free(&p);
	sf_policy_init(&p, SF_ARCH_X86_64);
	CHECK(sf_parse_text(&p, "p.policy", "default: allow", 14, &err) == 0 &&
	      !sf_oci_spec_mitigate(&p));
	sf_policy_free(&p);
}

int main(void)
{
	valid();
	malformed();
	depth();
	many_values();
	linecol();
	detection();
	profile_errors();
	model();
	min_kernel();
	spec_flags();
	return test_report("test_json");
}
