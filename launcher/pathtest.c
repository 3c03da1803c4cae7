/* sf-run --test 'open PATH RIGHT...' and --test 'connect PORT': what the
 * policies' path and port rules answer, as --test does for a call. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "launcher.h"
#include "pathcheck.h"

/* The word text starts with, if it is followed by a blank and no '(':
 * `open /etc/shadow read`, not `open(...)`. */
static int starts_with_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	return !strncmp(text, word, n) && (text[n] == ' ' || text[n] == '\t') && !strchr(text, '(');
}

int sf_is_path_test(const char *text)
{
	return starts_with_word(text, "open") || starts_with_word(text, "path") ||
	       starts_with_word(text, "connect") || starts_with_word(text, "bind");
}

static int any_rules(const struct sf_stack *s, int ports)
{
	for (size_t i = 0; i < s->n; i++)
		if (ports ? s->pol[i].landlock.nports : s->pol[i].landlock.npaths)
			return 1;
	return 0;
}

static int test_port(const struct sf_stack *s, const char *text, int bind)
{
	char *end;
	long port = strtol(text, &end, 10);
	int i;

	if (end == text || *end || port < 0 || port > 65535)
		sf_fatal("--test: expected a TCP port (0 to 65535) after '%s'",
			 bind ? "bind" : "connect");
	sf_pathcheck_init(s);
	i = sf_pathcheck_port((uint16_t)port, bind);
	if (i < 0)
		printf("allow%s\n",
		       any_rules(s, 1) ? "" : "  # no port rule: ports are not restricted");
	else
		printf("errno EACCES  # by %s: no '%s tcp: %ld'\n", sf_pathcheck_name(i),
		       bind ? "bind" : "connect", port);
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}

int sf_mode_test_path(const struct sf_stack *s, const char *text)
{
	char path[PATH_MAX], canon[PATH_MAX + 256], where[PATH_MAX + 256], words[96];
	const struct sf_path_rule *rule;
	uint64_t need = 0, granted = 0;
	const char *p = text + strcspn(text, " \t");
	struct stat st;
	size_t n;
	int i;

	if (starts_with_word(text, "connect") || starts_with_word(text, "bind"))
		return test_port(s, p + strspn(p, " \t"), text[0] == 'b');
	p += strspn(p, " \t");
	n = strcspn(p, " \t");
	if (!n || n >= sizeof path)
		sf_fatal("--test: expected a path after 'open' (open PATH [RIGHT...])");
	memcpy(path, p, n);
	path[n] = 0;
	for (p += n; *(p += strspn(p, " \t"));) {
		const struct sf_ll_word *w = sf_ll_rights;

		n = strcspn(p, " \t,");
		while (w->name && (strlen(w->name) != n || strncmp(w->name, p, n)))
			w++;
		if (!w->name)
			sf_fatal("--test: unknown right '%.*s' (read, write, execute, create, "
				 "remove, refer or ioctl)",
				 (int)n, p);
		need |= w->bits;
		p += n + (p[n] == ',');
	}
	if (!need)
		need = sf_ll_rights[0].bits; /* read */
	if (sf_pathcheck_canonical(NULL, path, canon, sizeof canon))
		sf_fatal("--test: cannot resolve '%s'", path);
	/* A file is read as a file; create, remove and refer go on its
	 * directory. */
	if (stat(canon, &st) || !S_ISDIR(st.st_mode))
		need &= ~SF_LL_FS_READ_DIR;
	snprintf(where, sizeof where, "%s", canon);
	if (need & ~SF_LL_FS_FILE_RIGHTS & ~SF_LL_FS_READ_DIR) {
		char *slash = strrchr(where, '/');

		if (slash)
			slash[slash == where] = 0;
	}
	sf_pathcheck_init(s);
	i = sf_pathcheck_lacking(where, need, &granted, &rule);
	if (i < 0) {
		printf("allow%s\n",
		       any_rules(s, 0) ? "" : "  # no path rule: files are not restricted");
	} else {
		sf_pathcheck_missing(need, granted, words, sizeof words);
		printf("errno EACCES  # by %s: no path rule grants %s on %s\n",
		       sf_pathcheck_name(i), words, where);
	}
	return fflush(stdout) ? SF_EXIT_ERROR : 0;
}
