/* --diff on path, port and scope rules: the rules of each policy as the
 * language writes them, one a line, and those only one side has. A
 * comparison of the rules, not of what they reach: `path /usr` and two
 * rules for /usr/bin and /usr/lib differ here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "launcher.h"

static char *text_of(const struct sf_landlock *l)
{
	size_t n = sf_landlock_format(l, NULL, 0);
	char *t = malloc(n + 1);

	if (!t)
		sf_fatal("out of memory");
	sf_landlock_format(l, t, n + 1);
	return t;
}

/* Whether text holds the line that starts at line (length n, no '\n'). */
static int has_line(const char *text, const char *line, size_t n)
{
	for (const char *p = text; *p; p = strchr(p, '\n') + 1)
		if (!strncmp(p, line, n) && p[n] == '\n')
			return 1;
	return 0;
}

static size_t only_in(const char *mine, const char *other, const char *side)
{
	size_t count = 0;

	for (const char *p = mine; *p; p = strchr(p, '\n') + 1) {
		size_t n = strcspn(p, "\n");

		if (has_line(other, p, n))
			continue;
		printf("%.*s: only in %s\n", (int)n, p, side);
		count++;
	}
	return count;
}

size_t sf_diff_landlock(const struct sf_landlock *a, const struct sf_landlock *b)
{
	char *ta, *tb;
	size_t differ;

	if (!sf_landlock_any(a) && !sf_landlock_any(b) && !a->mode_set && !b->mode_set)
		return 0;
	ta = text_of(a);
	tb = text_of(b);
	differ = only_in(ta, tb, "A") + only_in(tb, ta, "B");
	printf("# %zu path, port or scope rule%s differ\n", differ, differ == 1 ? "" : "s");
	free(ta);
	free(tb);
	return differ;
}
