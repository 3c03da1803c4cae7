/* sf's filters for minijail policies against minijail's own compiler: the
 * policies of tests/minijail (written for these tests in minijail's
 * syntax: @include, @frequency, @denylist, a syscall named twice, every
 * operator, masks, constants and actions) and, in expected.txt, the
 * decisions minijail's compiler gave on each vector (its header says how
 * they were produced). Each policy is compiled by sf for x86_64 and
 * aarch64 and its program run on the same vectors. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "bpf.h"
#include "compile.h"
#include "parse.h"
#include "policy.h"
#include "test.h"

#define DIR "tests/minijail"

struct block {
	struct sf_prog prog;
	uint32_t audit_arch;
	char where[128];
	int ok;
};

static void block_free(struct block *b)
{
	sf_prog_free(&b->prog);
	b->ok = 0;
}

static void block_open(struct block *b, const char *arch_name, const char *file)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_policy p;
	struct sf_error err;
	enum sf_arch arch;
	char path[256];

	snprintf(b->where, sizeof(b->where), "%s on %s", file, arch_name);
	b->ok = 0;
	if (sf_arch_from_name(arch_name, &arch)) {
		CHECKF(0, "%s: unknown arch", b->where);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", DIR, file);
	sf_policy_init(&p, arch);
	if (sf_parse_file(&p, path, &err) || sf_parse_finish(&p, &err) ||
	    sf_compile(&p, &opts, &b->prog, &err)) {
		CHECKF(0, "%s: %s", b->where, err.msg);
		sf_policy_free(&p);
		return;
	}
	sf_policy_free(&p);
	b->audit_arch = sf_arch_info(arch)->audit_arch;
	b->ok = 1;
}

/* "TAG NR ARG... : RET", hexadecimal, trailing zero arguments left out. */
static int vector(char *line, char *tag, struct seccomp_data *sd, uint32_t *ret)
{
	char *tok, *save = NULL;
	uint64_t v[8];
	int n = 0, colon = 0;

	tok = strtok_r(line, " \n", &save);
	if (!tok || strlen(tok) != 1)
		return -1;
	*tag = tok[0];
	while ((tok = strtok_r(NULL, " \n", &save))) {
		if (!strcmp(tok, ":")) {
			colon = n;
			continue;
		}
		if (n == 8)
			return -1;
		v[n++] = strtoull(tok, NULL, 16);
	}
	if (!colon || colon != n - 1 || colon > 7)
		return -1;
	memset(sd, 0, sizeof(*sd));
	sd->nr = (int)(uint32_t)v[0];
	for (int i = 1; i < colon; i++)
		sd->args[i - 1] = v[i];
	*ret = (uint32_t)v[n - 1];
	return 0;
}

int main(void)
{
	FILE *f = fopen(DIR "/expected.txt", "r");
	char line[512], copy[512], a[32], file[64];
	struct block b = {{NULL, 0}, 0, "", 0};
	long vectors = 0, blocks = 0;

	/* absolute.policy's /usr/share/policy/... include, as sf-run -I. */
	sf_parse_set_include_path(DIR);
	CHECKF(f != NULL, "cannot open %s/expected.txt", DIR);
	while (f && fgets(line, sizeof(line), f)) {
		struct seccomp_data sd;
		uint32_t want, got;
		char tag;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "policy %31s %63s", a, file) == 2) {
			block_free(&b);
			block_open(&b, a, file);
			blocks++;
			continue;
		}
		strcpy(copy, line);
		if (vector(copy, &tag, &sd, &want)) {
			CHECKF(0, "bad line: %s", line);
			continue;
		}
		if (!b.ok)
			continue;
		sd.arch = b.audit_arch;
		got = sf_bpf_run(&b.prog, &sd, NULL);
		vectors++;
		switch (tag) {
		case '=': /* minijail's decision */
			CHECKF(got == want, "%s: %s sf gives %#x", b.where, line, got);
			break;
		case 'I': /* a call sf allows when a policy has no rule for it */
			CHECKF(got == SECCOMP_RET_ALLOW && want != SECCOMP_RET_ALLOW,
			       "%s: %s sf gives %#x", b.where, line, got);
			break;
		case 'X': /* x32 numbers: sf kills them whatever the default */
			CHECKF(got == SECCOMP_RET_KILL_PROCESS && want != got,
			       "%s: %s sf gives %#x", b.where, line, got);
			break;
		default:
			CHECKF(0, "bad tag: %s", line);
		}
	}
	block_free(&b);
	if (f)
		fclose(f);
	/* A truncated or emptied file must not pass. */
	CHECKF(blocks == 14 && vectors >= 8000, "%ld policies and %ld vectors read", blocks,
	       vectors);
	return test_report("minijail");
}
