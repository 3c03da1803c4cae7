#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

/* 0 usable, 127 missing, 126 present but not an executable file. */
static int check(const char *path, char *why, size_t size)
{
	struct stat st;

	if (stat(path, &st)) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, size, "%s: is a directory", path);
		return 126;
	}
	if (access(path, X_OK)) {
		snprintf(why, size, "%s: %s", path, strerror(errno));
		return 126;
	}
	return 0;
}

int sf_find_program(const char *name, char *out, size_t size, char *why, size_t why_size)
{
	const char *path, *p;
	int best = 127;

	if (!*name) {
		snprintf(why, why_size, "empty program name");
		return 127;
	}
	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, size, "%s", name) >= size) {
			snprintf(why, why_size, "%s: name too long", name);
			return 127;
		}
		return check(out, why, why_size);
	}
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	snprintf(why, why_size, "%s: command not found", name);
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char tmp[256];
		int r;

		/* An empty entry means the current directory, as for execvp. */
		if ((size_t)snprintf(out, size, "%.*s%s%s", (int)n, p, n ? "/" : "", name) < size) {
			r = check(out, tmp, sizeof tmp);
			if (r == 0)
				return 0;
			/* Like execvp: a match that cannot be run is
			 * remembered, and reported if nothing better comes. */
			if (r == 126 && best == 127) {
				best = 126;
				snprintf(why, why_size, "%s", tmp);
			}
		}
		if (!end)
			break;
		p = end;
	}
	return best;
}

int sf_self_dir(char *out, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", out, size - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= size - 1)
		return -1;
	out[n] = 0;
	slash = strrchr(out, '/');
	if (!slash)
		return -1;
	*slash = 0;
	return 0;
}
