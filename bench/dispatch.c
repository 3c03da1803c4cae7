#include <stdlib.h>
#include <string.h>

#include "dispatch.h"

long dispatch_leaf(const struct sf_prog *prog, uint32_t arch, uint32_t nr, size_t *jumps)
{
	uint32_t a = 0;
	int a_is_nr = 0;

	*jumps = 0;
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *in = &prog->insns[pc];
		int taken;

		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k == offsetof(struct seccomp_data, nr)) {
				a = nr;
				a_is_nr = 1;
			} else if (in->k == offsetof(struct seccomp_data, arch)) {
				a = arch;
				a_is_nr = 0;
			} else {
				return (long)pc;
			}
			break;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			switch (BPF_OP(in->code)) {
			case BPF_JEQ:
				taken = a == in->k;
				break;
			case BPF_JGE:
				taken = a >= in->k;
				break;
			case BPF_JGT:
				taken = a > in->k;
				break;
			default:
				taken = (a & in->k) != 0;
				break;
			}
			if (a_is_nr)
				(*jumps)++;
			pc += taken ? in->jt : in->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= in->k;
			break;
		default: /* a ret, or anything else that ends the dispatch */
			return (long)pc;
		}
	}
	return -1;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

void dispatch_intervals(const struct sf_prog *prog, uint32_t arch, struct intervals *out)
{
	uint32_t *pts = malloc((2 * prog->len + 1) * sizeof(*pts));
	size_t n = 0, jumps;
	long prev = -2;

	memset(out, 0, sizeof(*out));
	out->first = malloc((2 * prog->len + 1) * sizeof(*out->first));
	if (!pts || !out->first) {
		free(pts);
		free(out->first);
		out->first = NULL;
		return;
	}
	pts[n++] = 0;
	for (size_t i = 0; i < prog->len; i++) {
		if (BPF_CLASS(prog->insns[i].code) != BPF_JMP ||
		    BPF_SRC(prog->insns[i].code) != BPF_K)
			continue;
		pts[n++] = prog->insns[i].k;
		if (prog->insns[i].k != 0xffffffffu)
			pts[n++] = prog->insns[i].k + 1;
	}
	qsort(pts, n, sizeof(*pts), cmp_u32);
	for (size_t i = 0; i < n; i++) {
		long leaf;
		if (i && pts[i] == pts[i - 1])
			continue;
		leaf = dispatch_leaf(prog, arch, pts[i], &jumps);
		if (leaf != prev) {
			const struct sock_filter *in = leaf >= 0 ? &prog->insns[leaf] : NULL;
			out->first[out->total++] = pts[i];
			if (in && BPF_CLASS(in->code) == BPF_RET)
				out->allow += in->k == SECCOMP_RET_ALLOW;
			else if (in && BPF_CLASS(in->code) == BPF_LD)
				out->checked++;
		}
		prev = leaf;
	}
	out->other = out->total - out->allow - out->checked;
	free(pts);
}

void dispatch_intervals_free(struct intervals *iv)
{
	free(iv->first);
	iv->first = NULL;
}

size_t longest_path(const struct sf_prog *prog)
{
	size_t *l = calloc(prog->len + 1, sizeof(*l)), best;

	if (!l || !prog->len) {
		free(l);
		return 0;
	}
	for (size_t i = prog->len; i-- > 0;) {
		const struct sock_filter *in = &prog->insns[i];
		size_t t, f;

		if (BPF_CLASS(in->code) == BPF_RET) {
			l[i] = 1;
		} else if (in->code == (BPF_JMP | BPF_JA)) {
			t = i + 1 + in->k;
			l[i] = 1 + (t < prog->len ? l[t] : 0);
		} else if (BPF_CLASS(in->code) == BPF_JMP) {
			t = i + 1 + in->jt;
			f = i + 1 + in->jf;
			t = t < prog->len ? l[t] : 0;
			f = f < prog->len ? l[f] : 0;
			l[i] = 1 + (t > f ? t : f);
		} else {
			l[i] = 1 + (i + 1 < prog->len ? l[i + 1] : 0);
		}
	}
	best = l[0];
	free(l);
	return best;
}

size_t dispatch_interval_of(const struct intervals *iv, uint32_t nr)
{
	size_t lo = 0, hi = iv->total;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (iv->first[mid] <= nr)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
