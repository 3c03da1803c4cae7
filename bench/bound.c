/* Optimal alphabetic trees by dynamic programming over the intervals, O(n^3):
 * one for the sum over the chosen calls of their depth (the mean), one for
 * the largest depth plus leaf cost among them (the worst). */
#include <stdlib.h>
#include <string.h>

#include "bound.h"

#define MAX_INTERVALS 400
#define NONE ((size_t)-1) /* a leaf no allowed call reaches */

int tree_bounds(const struct sf_prog *prog, const struct intervals *iv, const struct cost *c,
		size_t n, const unsigned char *sel, struct bounds *out)
{
	uint32_t arch = sf_arch_info(sf_arch_native())->audit_arch;
	size_t m = iv->total, w1 = m + 1, calls = 0, jumps;
	uint64_t *weight, *prefix, *sum;
	size_t *leaf_worst, *worst;
	double fixed = 0, cur = 0;

	memset(out, 0, sizeof(*out));
	if (!iv->first || m < 2 || m > MAX_INTERVALS)
		return 0;
	weight = calloc(m, sizeof(*weight));
	prefix = calloc(w1, sizeof(*prefix));
	leaf_worst = malloc(m * sizeof(*leaf_worst));
	sum = calloc(w1 * w1, sizeof(*sum));
	worst = malloc(w1 * w1 * sizeof(*worst));
	if (!weight || !prefix || !leaf_worst || !sum || !worst) {
		free(weight), free(prefix), free(leaf_worst), free(sum), free(worst);
		return 0;
	}
	for (size_t i = 0; i < m; i++)
		leaf_worst[i] = NONE;
	for (size_t i = 0; i < n; i++) {
		size_t k, rest;
		if (sel ? !sel[i] : !c[i].allowed)
			continue;
		k = dispatch_interval_of(iv, c[i].nr);
		dispatch_leaf(prog, arch, c[i].nr, &jumps);
		rest = c[i].insns - jumps; /* what the call costs besides the tree */
		weight[k]++;
		calls++;
		fixed += (double)rest;
		cur += (double)c[i].insns;
		if (c[i].insns > out->cur_worst)
			out->cur_worst = c[i].insns;
		if (leaf_worst[k] == NONE || rest > leaf_worst[k])
			leaf_worst[k] = rest;
	}
	for (size_t i = 0; i < m; i++)
		prefix[i + 1] = prefix[i] + weight[i];
	for (size_t i = 0; i < m; i++)
		worst[i * w1 + i + 1] = leaf_worst[i];
	for (size_t len = 2; len <= m; len++) {
		for (size_t lo = 0; lo + len <= m; lo++) {
			size_t hi = lo + len, bw = NONE;
			uint64_t bs = UINT64_MAX;
			for (size_t k = lo + 1; k < hi; k++) {
				uint64_t s = sum[lo * w1 + k] + sum[k * w1 + hi];
				size_t a = worst[lo * w1 + k], b = worst[k * w1 + hi], x;
				if (s < bs)
					bs = s;
				x = a == NONE ? b : b == NONE ? a : a > b ? a : b;
				if (x != NONE && (bw == NONE || x + 1 < bw))
					bw = x + 1;
			}
			sum[lo * w1 + hi] = bs + prefix[hi] - prefix[lo];
			worst[lo * w1 + hi] = bw;
		}
	}
	if (calls) {
		out->mean = (fixed + (double)sum[m]) / (double)calls;
		out->cur_mean = cur / (double)calls;
		out->worst = worst[m];
	}
	free(weight), free(prefix), free(leaf_worst), free(sum), free(worst);
	return calls > 0;
}
