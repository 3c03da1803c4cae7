/* libFuzzer target: policy text through the parser and the compiler, under
 * ASan and UBSan. An input is one header byte and the policy text:
 *
 *   bits 0-1  arch (x86_64, i386, aarch64; 3 is x86_64 again)
 *   bit 2     report mode (SF_REPORT_TRAP) or kill mode
 *   bits 3-6  the policy's index in a stack, for rule ids
 *
 * Every policy that parses must compile or fail with a message; every
 * program that compiles must pass the kernel's checks (sf_bpf_validate),
 * and on a few inputs per rule (its syscall with arguments at and around
 * the values its conditions name, plus the guard, x32 and foreign-arch
 * cases) the program must answer exactly as the reference interpreter
 * does; then the same for the policy widened as sf-run's coarse filter
 * is. A disagreement aborts with the input, so it lands in a crash file.
 *
 * Includes: each input is parsed in a scratch directory holding a few
 * small files (a, b, c: policies, b including itself; f: frequencies), and
 * inputs that could name a file elsewhere (a '/' with an include or
 * frequency) are skipped, so the fuzzer reads nothing of the machine's. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>

#include "bpf.h"
#include "compile.h"
#include "eval.h"
#include "loader.h"
#include "parse.h"

#define TOKEN 0x5157a9edu

static const enum sf_arch arches[4] = {SF_ARCH_X86_64, SF_ARCH_I386, SF_ARCH_AARCH64,
				       SF_ARCH_X86_64};

/* The scratch directory, entered for each input, and where to return. */
static int scratch_fd = -1, home_fd = -1;

static void setup_dir(void)
{
	static const struct {
		const char *name, *text;
	} files[] = {
	    {"a", "read: 1\nwrite: fd == 1 || fd == 2\n"},
	    {"b", "close: 1\n@include b\n"},
	    {"c", "default: errno EPERM\nopenat: (flags & O_ACCMODE) == O_RDONLY\n"},
	    {"f", "read: 100\nwrite: 50\nclose: 1\n"},
	};
	char dir[] = "/tmp/sf-fuzz.XXXXXX";

	char path[64];

	home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (home_fd < 0 || !mkdtemp(dir) ||
	    (scratch_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		perror("sf fuzz: scratch directory");
		abort();
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		FILE *f;

		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		f = fopen(path, "w");
		if (!f || fputs(files[i].text, f) < 0 || fclose(f)) {
			perror(path);
			abort();
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setup_dir();
	return 0;
}

static int reads_files_elsewhere(const uint8_t *data, size_t size)
{
	return memchr(data, '/', size) &&
	       (memmem(data, size, "include", 7) || memmem(data, size, "frequency", 9));
}

/* Values worth trying for an argument a condition compares with v. */
static uint64_t around(uint64_t v, unsigned k)
{
	switch (k % 8) {
	case 0:
		return v;
	case 1:
		return v + 1;
	case 2:
		return v - 1;
	case 3:
		return ~v;
	case 4:
		return v | 0xffffffff00000000ull; /* sign-extended */
	case 5:
		return v & 0xffffffffu;
	case 6:
		return v ^ 0x80000000u;
	default:
		return v << 32 | v;
	}
}

static void check(const struct sf_policy *p, const struct sf_compile_opts *o,
		  const struct sf_prog *prog, const struct seccomp_data *sd)
{
	uint32_t want = sf_policy_eval(p, o, sd), got = sf_bpf_run(prog, sd, NULL);

	if (want != got) {
		fprintf(stderr,
			"sf fuzz: nr %#x arch %#x args %#llx %#llx %#llx %#llx %#llx %#llx: "
			"interpreter %#x, program %#x\n",
			(unsigned)sd->nr, sd->arch, (unsigned long long)sd->args[0],
			(unsigned long long)sd->args[1], (unsigned long long)sd->args[2],
			(unsigned long long)sd->args[3], (unsigned long long)sd->args[4],
			(unsigned long long)sd->args[5], want, got);
		abort();
	}
}

/* The inputs for one syscall number: every argument at values around what
 * the conditions compare (taken from the nodes, cycling), and some bytes of
 * the fuzz input itself. */
static void check_nr(const struct sf_policy *p, const struct sf_compile_opts *o,
		     const struct sf_prog *prog, uint32_t audit, int nr, const uint8_t *data,
		     size_t size)
{
	struct seccomp_data sd;

	for (unsigned k = 0; k < 24; k++) {
		memset(&sd, 0, sizeof sd);
		sd.nr = nr;
		sd.arch = audit;
		for (int a = 0; a < 6; a++) {
			uint64_t v = 0;

			if (p->nnodes)
				v = around(p->nodes[(k * 7 + (unsigned)a * 3) % p->nnodes].value,
					   k + (unsigned)a);
			else if (size)
				v = (uint64_t)data[(k + (unsigned)a) % size] << (8 * (a % 8));
			sd.args[a] = v;
		}
		check(p, o, prog, &sd);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_compile_opts o;
	struct sf_policy p;
	struct sf_prog prog = {NULL, 0};
	struct sf_error err;
	struct seccomp_data sd;
	const struct sf_arch_info *ai;
	char *text, why[256];
	uint8_t head;
	int r;

	if (size < 1 || reads_files_elsewhere(data, size))
		return 0;
	head = data[0];
	ai = sf_arch_info(arches[head & 3]);
	o.report = head & 4 ? SF_REPORT_TRAP : SF_REPORT_KILL;
	o.policy_index = (head >> 3) & 15;
	o.sigsys_token = TOKEN;
	/* Callers hand the parser NUL-terminated text (files and the
	 * environment are); the length still counts any NUL inside. */
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	sf_policy_init(&p, arches[head & 3]);
	/* Inline text includes relative to the working directory: the
	 * scratch one, for the parse only (crash files go to the caller's). */
	if (fchdir(scratch_fd))
		abort();
	r = sf_parse_text(&p, "fuzz", text, size - 1, &err) || sf_parse_finish(&p, &err);
	if (fchdir(home_fd))
		abort();
	if (r) {
		/* Every failure says something. */
		if (!err.msg[0])
			abort();
		free(text);
		return 0;
	}
	if (sf_compile(&p, &o, &prog, &err)) {
		if (!err.msg[0])
			abort();
		sf_policy_free(&p);
		free(text);
		return 0;
	}
	if (sf_bpf_validate(&prog, why, sizeof why)) {
		fprintf(stderr, "sf fuzz: the compiled program is not valid: %s\n", why);
		abort();
	}
	for (size_t i = 0; i < p.nrules && i < 64; i++)
		check_nr(&p, &o, &prog, ai->audit_arch, p.rules[i].nr, data, size);
	/* Numbers without rules, the implicit ones, x32, the guard, the edges. */
	{
		const int nrs[] = {0,	       1,	   15,	       60,	   173,
				   219,	       231,	   252,	       512,	   1000,
				   0x3fffffff, 0x40000000, 0x40000027, 0x40000fff, 0x40001000,
				   0x7fffffff, -1};
		const struct sf_syscall *sa = sf_syscall_by_name(ai->table, "rt_sigaction");

		for (size_t i = 0; i < sizeof nrs / sizeof nrs[0]; i++)
			check_nr(&p, &o, &prog, ai->audit_arch, nrs[i], data, size);
		if (sa) {
			static const uint64_t sig0[] = {
			    SIGSYS, (uint64_t)TOKEN << 32 | SIGSYS, (uint64_t)TOKEN << 32,
			    0,	    (uint64_t)(TOKEN ^ 1) << 32,    (uint64_t)1 << 32 | SIGSYS};

			for (size_t i = 0; i < sizeof sig0 / sizeof sig0[0]; i++) {
				for (int act = 0; act < 3; act++) {
					memset(&sd, 0, sizeof sd);
					sd.nr = sa->nr;
					sd.arch = ai->audit_arch;
					sd.args[0] = sig0[i];
					sd.args[1] = act == 0	? 0
						     : act == 1 ? 0x7ffd0000
								: 1ull << 32;
					check(&p, &o, &prog, &sd);
				}
			}
		}
		memset(&sd, 0, sizeof sd);
		sd.arch = ai->audit_arch ^ 0x40000000u; /* another arch */
		check(&p, &o, &prog, &sd);
		sd.arch = AUDIT_ARCH_X86_64 + AUDIT_ARCH_I386 - ai->audit_arch;
		check(&p, &o, &prog, &sd);
	}
	sf_prog_free(&prog);
	/* sf-run's coarse filter: the same policy widened by the loader's
	 * calls, compiled and checked the same way. */
	if (!sf_policy_widen_for_loader(&p, &err) && !sf_compile(&p, &o, &prog, &err)) {
		if (sf_bpf_validate(&prog, why, sizeof why)) {
			fprintf(stderr, "sf fuzz: the widened program is not valid: %s\n", why);
			abort();
		}
		for (size_t i = 0; i < p.nrules && i < 96; i++)
			check_nr(&p, &o, &prog, ai->audit_arch, p.rules[i].nr, data, size);
		sf_prog_free(&prog);
	}
	sf_policy_free(&p);
	free(text);
	return 0;
}
