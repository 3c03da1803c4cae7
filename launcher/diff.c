/* --diff: both policies compiled (kill mode) and run in the emulator on
 * every syscall number of the arch (and a few outside the table) with
 * argument values taken from the constants either program compares with,
 * and their neighbours: a condition can only change its answer at those. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "calltest.h"
#include "diff.h"
#include "launcher.h"
#include "parse.h"
#include "report.h"

#define MAX_VALUES 512
#define RANDOM_TRIES 2000

struct values {
	uint64_t v[MAX_VALUES];
	size_t n;
};

static void add_value(struct values *vs, uint64_t v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == v)
			return;
	if (vs->n < MAX_VALUES)
		vs->v[vs->n++] = v;
}

static void collect(struct values *vs, const struct sf_prog *p)
{
	for (size_t i = 0; i < p->len; i++) {
		uint32_t k = p->insns[i].k;
		if (BPF_CLASS(p->insns[i].code) != BPF_JMP)
			continue;
		add_value(vs, k);
		add_value(vs, (uint32_t)(k + 1));
		add_value(vs, (uint32_t)(k - 1));
		add_value(vs, (uint64_t)k << 32);
		add_value(vs, (uint64_t)(int64_t)(int32_t)k);
		add_value(vs, k ^ 0x80000000u);
	}
}

static void compile_one(const char *path, enum sf_arch arch, struct sf_policy *pol,
			struct sf_prog *prog)
{
	struct sf_compile_opts opts = {SF_REPORT_KILL, 0, 1};
	struct sf_error err;

	sf_policy_init(pol, arch);
	if (sf_parse_file(pol, path, &err) || sf_parse_finish(pol, &err) ||
	    sf_compile(pol, &opts, prog, &err))
		sf_fatal("%s", err.msg);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The call as a report line writes it: arguments by name, decoded. */
static void put_call(const char *name, const struct sf_syscall *sc, const struct seccomp_data *sd,
		     int nargs)
{
	char val[256];

	printf("%s(", name);
	for (int i = 0; i < nargs; i++) {
		if (!sc) {
			printf("%s0x%" PRIx64, i ? ", " : "", (uint64_t)sd->args[i]);
			continue;
		}
		sf_report_arg(val, sizeof val, sc, i, sd->args[i]);
		printf("%s%s=%s", i ? ", " : "", sc->args[i].name[0] ? sc->args[i].name : "arg",
		       val);
	}
	printf(")");
}

/* Compares the two on number nr; prints one line and returns 1 when they
 * differ. */
static int diff_nr(const struct sf_prog *a, const struct sf_prog *b, const struct values *vs,
		   const struct sf_arch_info *ai, uint32_t nr)
{
	const struct sf_syscall *sc = sf_syscall_by_nr(ai->table, (int)nr);
	int nargs = sc ? sc->nargs : 6, a_more = 0, b_more = 0;
	struct seccomp_data sd, first;
	uint32_t ra = 0, rb = 0, fa = 0, fb = 0;
	uint64_t seed = 0x9e3779b97f4a7c15ull ^ nr;
	char name[32], sa[64], sb[64];

	memset(&sd, 0, sizeof(sd));
	memset(&first, 0, sizeof(first));
	sd.arch = ai->audit_arch;
	sd.nr = (int)nr;
	for (size_t t = 0; t < 1 + (size_t)nargs * vs->n + RANDOM_TRIES; t++) {
		memset(sd.args, 0, sizeof(sd.args));
		if (t >= 1 && t < 1 + (size_t)nargs * vs->n) {
			size_t k = t - 1;
			sd.args[k / vs->n] = vs->v[k % vs->n];
		} else if (t) {
			for (int i = 0; i < nargs; i++)
				sd.args[i] =
				    rnd(&seed) % 4 ? vs->v[rnd(&seed) % vs->n] : rnd(&seed);
		}
		ra = sf_bpf_run(a, &sd, NULL);
		rb = sf_bpf_run(b, &sd, NULL);
		if (ra == rb)
			continue;
		if (!a_more && !b_more) {
			first = sd;
			fa = ra;
			fb = rb;
		}
		a_more |= ra == SECCOMP_RET_ALLOW;
		b_more |= rb == SECCOMP_RET_ALLOW;
		if (a_more && b_more)
			break;
	}
	if (!fa && !fb)
		return 0;
	if (sc)
		snprintf(name, sizeof name, "%s", sc->name);
	else
		snprintf(name, sizeof name, "%" PRIu32, nr);
	sf_ret_format(fa, sa, sizeof sa);
	sf_ret_format(fb, sb, sizeof sb);
	printf("%s: %s; e.g. ", name,
	       a_more && b_more ? "each allows calls the other does not"
	       : a_more		? "A allows calls B does not"
	       : b_more		? "B allows calls A does not"
				: "different actions");
	put_call(name, sc, &first, nargs);
	printf(": A %s, B %s\n", sa, sb);
	return 1;
}

int sf_mode_diff(enum sf_arch arch, const char *const *files, size_t nfiles, char **argv)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);
	const char *path[2];
	size_t n = 0, differ = 0;
	struct sf_policy pol[2];
	struct sf_prog prog[2];
	struct values *vs = calloc(1, sizeof(*vs));
	uint32_t outside[] = {0, 0x3fffffffu, 0x40001000u, 0x7fffffffu, 0xffffffffu, 0};

	for (size_t i = 0; i < nfiles && n < 3; i++)
		path[n < 2 ? n : 1] = files[i], n++;
	for (; *argv && n < 3; argv++)
		path[n < 2 ? n : 1] = *argv, n++;
	if (n != 2 || *argv)
		sf_fatal("--diff takes two policies: sf-run --diff A B");
	if (!vs)
		sf_fatal("out of memory");
	for (int i = 0; i < 2; i++)
		compile_one(path[i], arch, &pol[i], &prog[i]);
	add_value(vs, 0);
	add_value(vs, ~(uint64_t)0);
	add_value(vs, 0xffffffffu);
	for (int i = 0; i < 2; i++)
		collect(vs, &prog[i]);

	printf("# A: %s\n# B: %s\n", path[0], path[1]);
	for (size_t i = 0; i < ai->table->count; i++)
		differ +=
		    (size_t)diff_nr(&prog[0], &prog[1], vs, ai, (uint32_t)ai->table->calls[i].nr);
	/* Numbers outside the table: the first past it and a few far ones. */
	outside[0] = sf_policy_unknown_first(&pol[0]);
	for (size_t i = 0; i < sizeof outside / sizeof outside[0] - 1; i++)
		if (!(outside[i] >= ai->x32_first && outside[i] < ai->x32_end))
			differ += (size_t)diff_nr(&prog[0], &prog[1], vs, ai, outside[i]);
	printf("# %zu syscall%s differ\n", differ, differ == 1 ? "" : "s");
	differ += sf_diff_landlock(&pol[0].landlock, &pol[1].landlock);
	for (int i = 0; i < 2; i++) {
		sf_prog_free(&prog[i]);
		sf_policy_free(&pol[i]);
	}
	free(vs);
	if (fflush(stdout))
		return SF_EXIT_ERROR;
	return differ ? 1 : 0;
}
