/* sf-run --check on path rules: a path that is not there grants nothing
 * (Landlock's rules hold inodes, found when the rules go in), and a file
 * takes only the rights a file has. Warnings: the policy is valid. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "launcher.h"

static void warn_path(const struct sf_policy *p, const struct sf_path_rule *r)
{
	const char *file =
	    r->file >= 0 && (size_t)r->file < p->nfiles ? p->files[r->file] : "policy";
	/* read on a file is READ_FILE: its READ_DIR half is no mistake. */
	uint64_t dir_only = r->access & ~(SF_LL_FS_FILE_RIGHTS | SF_LL_FS_READ_DIR);
	char words[128];
	struct stat st;

	if (stat(r->path, &st)) {
		fprintf(stderr,
			"sf: warning: %s:%d:%d: '%s' %s: the rule grants nothing until it is "
			"there when the program starts\n",
			file, r->line, r->col, r->path,
			errno == ENOENT || errno == ENOTDIR ? "does not exist" : strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode) || !dir_only)
		return;
	sf_ll_format_access(dir_only, words, sizeof words);
	fprintf(stderr,
		"sf: warning: %s:%d:%d: '%s' is not a directory: '%s' grants nothing on it (a "
		"file takes read, write, execute and ioctl; create, remove and refer go on its "
		"directory)\n",
		file, r->line, r->col, r->path, words);
}

void sf_check_landlock_warnings(const struct sf_stack *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct sf_landlock *l = &s->pol[i].landlock;

		for (size_t k = 0; k < l->npaths; k++)
			if (!l->paths[k].via_group)
				warn_path(&s->pol[i], &l->paths[k]);
	}
}
