/* Picks the CPU the benchmarks run on: the one that does a fixed amount of
 * arithmetic fastest right now. On a shared virtual machine one CPU can be
 * twice as slow as another for minutes (its host core is busy); running
 * every benchmark on the fastest one, all of them on the same one, keeps a
 * run's figures comparable.
 *
 *   sf-bench-cpu    prints "CPU<TAB>what each CPU took" */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

#include "common.h"

#define SPIN 4000000u

static double spin(void)
{
	volatile uint64_t sink;
	uint64_t x = 88172645463325252ULL;
	double t0 = bench_now_ns();

	for (uint32_t i = 0; i < SPIN; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink = x;
	(void)sink;
	return bench_now_ns() - t0;
}

int main(void)
{
	cpu_set_t allowed, one;
	double best = 0;
	int pick = -1;
	char report[1024];
	size_t len = 0;

	if (sched_getaffinity(0, sizeof allowed, &allowed))
		bench_die("sched_getaffinity failed");
	report[0] = 0;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		double t = 0;
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof one, &one))
			continue;
		for (int r = 0; r < 5; r++) {
			double s = spin();
			if (!r || s < t)
				t = s;
		}
		if (pick < 0 || t < best) {
			best = t;
			pick = cpu;
		}
		if (len < sizeof report)
			len += (size_t)snprintf(report + len, sizeof report - len,
						"%sCPU %d %.1f ms", len ? ", " : "", cpu, t / 1e6);
	}
	if (pick < 0)
		bench_die("no CPU to run on");
	printf("%d\t%s\n", pick, report);
	return fflush(stdout) ? 1 : 0;
}
