/* Writes random policies (tests/policygen.h) for the end-to-end tests
 * that need policy files, such as bats/oci-emit.bats:
 *
 *     policygen-dump DIR COUNT MAX_RULES [SEED]
 *
 * writes DIR/random-1.policy .. DIR/random-COUNT.policy for x86_64. */
#include <stdio.h>
#include <stdlib.h>

#include "policygen.h"

int main(int argc, char **argv)
{
	struct pg_opts o = {0, NULL, -1, 25};
	unsigned long seed0;
	int count;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: policygen-dump DIR COUNT MAX_RULES [SEED]\n");
		return 2;
	}
	count = atoi(argv[2]);
	o.max_rules = atoi(argv[3]);
	seed0 = argc == 5 ? strtoul(argv[4], NULL, 0) : 0x5eed;
	for (int i = 1; i <= count; i++) {
		struct pg_buf b = {NULL, 0, 0};
		char path[4096];
		FILE *f;

		pg_policy(seed0 + (uint64_t)i * 7919, SF_ARCH_X86_64, &o, &b);
		snprintf(path, sizeof path, "%s/random-%d.policy", argv[1], i);
		f = fopen(path, "w");
		if (!f || fwrite(b.s, 1, b.len, f) != b.len || fclose(f)) {
			perror(path);
			return 1;
		}
		pg_free(&b);
	}
	return 0;
}
