/* What the best dispatch tree over a program's intervals could do, for
 * the compiler's work: lower bounds on the instructions allowed calls
 * execute, with each leaf's code (after the dispatch) kept as it is. */
#ifndef SF_BENCH_BOUND_H
#define SF_BENCH_BOUND_H

#include <stddef.h>

#include "dispatch.h"
#include "probe.h"

struct bounds {
	double mean, cur_mean; /* over the calls: best tree, this program */
	size_t worst, cur_worst;
};

/* Over the calls c[i] with sel[i] set (sel NULL: the allowed ones). 1 with
 * *out filled, 0 when there are too many intervals to try or no call. */
int tree_bounds(const struct sf_prog *prog, const struct intervals *iv, const struct cost *c,
		size_t n, const unsigned char *sel, struct bounds *out);

#endif
