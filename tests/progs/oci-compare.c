/* Compares sf's own filters for a stack of policies with a raw BPF
 * program built elsewhere (tests/oci/oci-to-bpf.py: libseccomp building
 * the profile sf-run --emit-oci wrote), in sf's emulator, on every syscall
 * number of the arch and past it, with each argument at the boundaries of
 * the constants either program compares with and at random.
 *
 *     oci-compare [--arch A] [--vectors N] [--stricter 1] BPF UNKNOWN -p POLICY... [-e RULES]
 *
 * With --stricter 1 the other program may answer more severely than sf's
 * (as the kernel ranks answers), never less: --approximate's promise.
 *
 * UNKNOWN lists the names the other program's builder could not resolve
 * (one a line): their numbers are left out, and the other program must
 * give them its default. A call from another ABI (another arch; on x86_64
 * the numbers from 0x40000000 up but -1, x32's and those no ABI has) must
 * be killed by the other: libseccomp kills the thread there, where sf
 * kills the process (x32, other arches) or gives its default (numbers no
 * ABI has, which the kernel answers with ENOSYS when they run). Prints "N
 * vectors, D differ"; exit 1 on a difference. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "parse.h"
#include "stack.h"

#define MAX_VALUES 1024

static uint64_t values[MAX_VALUES];
static size_t nvalues;

static void add(uint64_t v)
{
	for (size_t i = 0; i < nvalues; i++)
		if (values[i] == v)
			return;
	if (nvalues < MAX_VALUES)
		values[nvalues++] = v;
}

/* Every 32-bit constant a program compares with, its neighbours, and the
 * same in the upper half and sign-extended. */
static void collect(const struct sf_prog *p)
{
	for (size_t i = 0; i < p->len; i++) {
		uint32_t k = p->insns[i].k;

		if (BPF_CLASS(p->insns[i].code) != BPF_JMP)
			continue;
		for (int d = -1; d <= 1; d++) {
			uint32_t v = k + (uint32_t)d;

			add(v);
			add((uint64_t)v << 32);
			add((uint64_t)v << 32 | v);
			add((uint64_t)(int64_t)(int32_t)v);
			add(~(uint64_t)0 << 32 | v);
		}
	}
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static uint32_t run_stack(const struct sf_stack *s, const struct seccomp_data *sd)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	for (size_t i = s->n; i-- > 0;) {
		uint32_t cur = sf_bpf_run(&s->prog[i], sd, NULL);

		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) <
		    (int32_t)(ret & SECCOMP_RET_ACTION_FULL))
			ret = cur;
	}
	return ret;
}

static int is_kill(uint32_t r)
{
	r &= SECCOMP_RET_ACTION_FULL;
	return r == SECCOMP_RET_KILL_PROCESS || r == SECCOMP_RET_KILL_THREAD;
}

static size_t vectors, differ, stricter_ok, stricter;

static void check(const struct sf_stack *s, const struct sf_prog *other,
		  const struct seccomp_data *sd, int foreign)
{
	uint32_t a = run_stack(s, sd), b = sf_bpf_run(other, sd, NULL);

	vectors++;
	if (a == b || (foreign && is_kill(b)))
		return;
	if (stricter_ok &&
	    (int32_t)(b & SECCOMP_RET_ACTION_FULL) < (int32_t)(a & SECCOMP_RET_ACTION_FULL)) {
		stricter++;
		return;
	}
	if (differ++ < 10)
		printf("differ: arch %#x nr %d args %#" PRIx64 " %#" PRIx64 " %#" PRIx64
		       " %#" PRIx64 " %#" PRIx64 " %#" PRIx64 ": sf %#x, other %#x\n",
		       sd->arch, sd->nr, (uint64_t)sd->args[0], (uint64_t)sd->args[1],
		       (uint64_t)sd->args[2], (uint64_t)sd->args[3], (uint64_t)sd->args[4],
		       (uint64_t)sd->args[5], a, b);
}

static void on_number(const struct sf_stack *s, const struct sf_prog *other, uint32_t arch,
		      uint32_t nr, size_t random_tries, int foreign)
{
	struct seccomp_data sd;
	uint64_t seed = 0x9e3779b97f4a7c15ull ^ nr ^ (uint64_t)arch << 32;

	memset(&sd, 0, sizeof sd);
	sd.arch = arch;
	sd.nr = (int)nr;
	check(s, other, &sd, foreign);
	for (int i = 0; i < 6; i++) {
		for (size_t k = 0; k < nvalues; k++) {
			memset(sd.args, 0, sizeof sd.args);
			sd.args[i] = values[k];
			check(s, other, &sd, foreign);
		}
	}
	for (size_t t = 0; t < random_tries; t++) {
		for (int i = 0; i < 6; i++) {
			uint64_t hi = values[rnd(&seed) % nvalues],
				 lo = values[rnd(&seed) % nvalues];

			switch (rnd(&seed) % 4) {
			case 0:
				sd.args[i] = rnd(&seed);
				break;
			case 1: /* one value's upper half, another's lower */
				sd.args[i] = (hi & ~(uint64_t)0 << 32) | (lo & 0xffffffffu);
				break;
			default:
				sd.args[i] = hi;
			}
		}
		check(s, other, &sd, foreign);
	}
}

static int read_file(const char *path, unsigned char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return -1;
	for (;;) {
		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			*buf = realloc(*buf, cap + 1);
			if (!*buf)
				abort();
		}
		size_t n = fread(*buf + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	(*buf)[*len] = 0;
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	enum sf_arch arch = SF_ARCH_X86_64;
	size_t target = 100000, skipped = 0;
	const char *bpf_path, *unknown_path;
	struct sf_prog other;
	struct sf_stack s;
	struct sf_error err;
	unsigned char *raw, *unknown;
	size_t rawlen, unknownlen;
	const struct sf_arch_info *ai;
	unsigned char *skip;
	uint32_t last, far[] = {0x3fffffffu, 0x7fffffffu, 0xfffffffeu, 0xffffffffu};
	int i = 1;

	for (; i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2) {
		if (!strcmp(argv[i], "--arch") && sf_arch_from_name(argv[i + 1], &arch) == 0)
			continue;
		if (!strcmp(argv[i], "--stricter")) {
			stricter_ok = atoi(argv[i + 1]);
			continue;
		}
		if (!strcmp(argv[i], "--vectors")) {
			target = strtoul(argv[i + 1], NULL, 10);
			continue;
		}
		fprintf(stderr, "oci-compare: bad option %s\n", argv[i]);
		return 2;
	}
	if (argc - i < 4) {
		fprintf(stderr, "usage: oci-compare [--arch A] [--vectors N] [--stricter 1] BPF "
				"UNKNOWN -p POLICY... "
				"[-e RULES]\n");
		return 2;
	}
	bpf_path = argv[i++];
	unknown_path = argv[i++];
	ai = sf_arch_info(arch);
	sf_stack_init(&s, arch);
	for (; i + 1 < argc; i += 2) {
		int r = !strcmp(argv[i], "-p") ? sf_stack_add_file(&s, argv[i + 1], &err)
			: !strcmp(argv[i], "-e")
			    ? sf_stack_add_text(&s, "-e", argv[i + 1], strlen(argv[i + 1]), &err)
			    : (sf_error_set(&err, "bad operand %s", argv[i]), -1);
		if (r) {
			fprintf(stderr, "oci-compare: %s\n", err.msg);
			return 2;
		}
	}
	if (sf_stack_compile(&s, SF_REPORT_KILL, &err)) {
		fprintf(stderr, "oci-compare: %s\n", err.msg);
		return 2;
	}
	if (read_file(bpf_path, &raw, &rawlen) || rawlen % 8 || !rawlen ||
	    read_file(unknown_path, &unknown, &unknownlen)) {
		fprintf(stderr, "oci-compare: cannot read %s or %s\n", bpf_path, unknown_path);
		return 2;
	}
	other.len = rawlen / 8;
	other.insns = calloc(other.len, sizeof *other.insns);
	if (!other.insns)
		abort();
	for (size_t k = 0; k < other.len; k++) {
		const unsigned char *b = raw + 8 * k;

		other.insns[k].code = (uint16_t)(b[0] | b[1] << 8);
		other.insns[k].jt = b[2];
		other.insns[k].jf = b[3];
		other.insns[k].k = (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 |
				   (uint32_t)b[7] << 24;
	}
	/* The numbers of the names the other side could not resolve. */
	last = (uint32_t)ai->table->calls[ai->table->count - 1].nr;
	skip = calloc(last + 1, 1);
	if (!skip)
		abort();
	for (char *line = strtok((char *)unknown, "\n"); line; line = strtok(NULL, "\n")) {
		const struct sf_syscall *sc = sf_syscall_by_name(ai->table, line);

		if (sc)
			skip[sc->nr] = 1;
	}
	add(0);
	add(~(uint64_t)0);
	add(0xffffffffu);
	add(0x100000000ull);
	add(0x8000000000000000ull);
	add(0x7fffffffffffffffull);
	for (size_t k = 0; k < s.n; k++)
		collect(&s.prog[k]);
	collect(&other);

	size_t numbers = last + 1 + 64 + 64 + 4 + 4;
	size_t per = numbers * (1 + 6 * nvalues) >= target
			 ? 16
			 : (target - numbers * (1 + 6 * nvalues)) / numbers + 16;
	struct seccomp_data dflt;
	memset(&dflt, 0, sizeof dflt);
	dflt.arch = ai->audit_arch;
	dflt.nr = (int)(last + 64);
	uint32_t other_default = sf_bpf_run(&other, &dflt, NULL);
	for (uint32_t nr = 0; nr <= last + 64; nr++) {
		if (nr <= last && skip[nr]) {
			/* Skipped by the runtime: the other gives its default. */
			struct seccomp_data sd = dflt;
			sd.nr = (int)nr;
			skipped++;
			if (sf_bpf_run(&other, &sd, NULL) != other_default) {
				printf("differ: nr %u, unknown to the other side, is not given its "
				       "default\n",
				       nr);
				differ++;
			}
			continue;
		}
		on_number(&s, &other, ai->audit_arch, nr, per, 0);
	}
	for (size_t k = 0; k < sizeof far / sizeof far[0]; k++)
		on_number(&s, &other, ai->audit_arch, far[k], per,
			  arch == SF_ARCH_X86_64 && far[k] >= 0x40000000u && far[k] != ~0u);
	/* Other ABIs: x32 numbers, another arch's calls. */
	if (ai->x32_end)
		for (uint32_t nr = ai->x32_first; nr < ai->x32_first + 64; nr++)
			on_number(&s, &other, ai->audit_arch, nr, 4, 1);
	for (uint32_t nr = 0; nr < 64; nr++)
		on_number(&s, &other, ai->audit_arch ^ 0x1, nr, 4, 1);
	printf("%zu vectors, %zu values, %zu numbers left out (unknown to the other side), %zu "
	       "stricter, %zu differ\n",
	       vectors, nvalues, skipped, stricter, differ);
	return differ ? 1 : 0;
}
