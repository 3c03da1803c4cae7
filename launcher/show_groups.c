/* sf-run --groups: the syscall groups and path groups a policy can name. */
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "launcher.h"
#include "pathgroups.h"
#include "show.h"

static void list_all(void)
{
	const struct sf_group *g;

	for (size_t i = 0; (g = sf_group_at(i)); i++)
		printf("@%-20s %s\n", g->name, g->help);
	printf("# path groups (a line of their own: @loader)\n");
	for (size_t i = 0; sf_path_group_at(i); i++)
		printf("@%-20s %s\n", sf_path_group_at(i)->name, sf_path_group_at(i)->help);
}

static void list_paths(const struct sf_path_group *g)
{
	char words[128];

	printf("@%s\n    # %s\n", g->name, g->help);
	for (const struct sf_path_member *m = g->members; m->path; m++) {
		sf_ll_format_access(m->access, words, sizeof words);
		printf("    path %s: %s\n", m->path, words);
	}
}

/* The group as it is defined (nested groups by name), then what it comes
 * to on this arch. */
static void list_one(const struct sf_group *g, const struct sf_arch_info *ai)
{
	unsigned char *seen = calloc(ai->table->count + 1, 1);
	size_t n = 0;

	if (!seen)
		sf_fatal("out of memory");
	sf_group_expand(g, ai->table, seen);
	printf("@%s\n    # %s\n", g->name, g->help);
	const char *pos = g->members, *m;
	size_t len;

	while ((m = sf_group_member(&pos, &len)))
		if (*m == '@')
			printf("    %.*s\n", (int)len, m);
	for (size_t i = 0; i < ai->table->count; i++) {
		size_t k = ai->table->by_name[i];
		if (!seen[k])
			continue;
		printf("    %s\n", ai->table->calls[k].name);
		n++;
	}
	printf("    # %zu syscalls on %s\n", n, ai->name);
	free(seen);
}

int sf_mode_groups(enum sf_arch arch, char **names)
{
	const struct sf_arch_info *ai = sf_arch_info(arch);

	if (!*names)
		list_all();
	for (; *names; names++) {
		const char *name = **names == '@' ? *names + 1 : *names;
		const struct sf_group *g = sf_group_lookup(name, strlen(name));
		const struct sf_path_group *pg = sf_path_group_lookup(name, strlen(name));

		if (pg) {
			list_paths(pg);
			continue;
		}
		if (!g)
			sf_fatal("--groups: no group '@%s' (sf-run --groups lists them)", name);
		list_one(g, ai);
	}
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}
