/* The path and port rules of a learned policy: the records folded, one
 * line per set of rights (wrapped), then the ports. */
#include <stdlib.h>
#include <string.h>

#include "learn_paths.h"

#define WRAP 78

static int needs_quotes(const char *path)
{
	if (!*path)
		return 1;
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || strchr(",:#\"\\", *s))
			return 1;
	return 0;
}

void sf_put_path(FILE *f, const char *path)
{
	if (!needs_quotes(path)) {
		fputs(path, f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s < ' ' || *s >= 0x7f)
			fprintf(f, "\\x%02x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static size_t path_width(const char *path)
{
	size_t n = strlen(path) + 2;

	for (const char *s = path; *s; s++)
		n += *s == '"' || *s == '\\' || (unsigned char)*s < ' ' ? 3 : 0;
	return n;
}

static int by_rights(const void *a, const void *b)
{
	const struct sf_pathrule *x = a, *y = b;

	if (x->rights != y->rights)
		return x->rights < y->rights ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* "path A, B, C: rights" lines, a new line before WRAP columns. */
static void put_rules(FILE *f, struct sf_pathset *rules)
{
	if (rules->n)
		qsort(rules->v, rules->n, sizeof(*rules->v), by_rights);
	for (size_t i = 0; i < rules->n;) {
		unsigned r = rules->v[i].rights;
		char words[128];
		size_t col = 0, k = i;

		sf_rights_words(r, words, sizeof words);
		for (; k < rules->n && rules->v[k].rights == r; k++) {
			size_t w = path_width(rules->v[k].path);

			if (col && col + 2 + w + 2 + strlen(words) > WRAP) {
				fprintf(f, ": %s\n", words);
				col = 0;
			}
			fputs(col ? ", " : "path ", f);
			col += col ? 2 : 5;
			sf_put_path(f, rules->v[k].path);
			col += w;
		}
		fprintf(f, ": %s\n", words);
		i = k;
	}
}

/* Whether any port is set. */
static int any_port(const unsigned char *bits)
{
	for (size_t i = 0; i < 65536 / 8; i++)
		if (bits[i])
			return 1;
	return 0;
}

static void put_ports(FILE *f, const char *what, const unsigned char *bits)
{
	int any = 0;

	for (int port = 0; port < 65536; port++) {
		if (!(bits[port / 8] & (1u << (port % 8))))
			continue;
		if (any)
			fprintf(f, ", %d", port);
		else
			fprintf(f, "%s tcp: %d", what, port);
		any = 1;
	}
	if (any)
		fputc('\n', f);
}

void sf_learn_paths_write(FILE *f, const struct sf_learn_paths *p, const char *home)
{
	struct sf_pathset rules = {0};

	fprintf(f, "\n# Files and TCP ports the program used, for Landlock (--learn-no-paths\n"
		   "# leaves them out). Advice, not proof: each path was read from the\n"
		   "# program's memory while its call waited, and may have changed before\n"
		   "# the kernel read it. A directory stands for the entries beneath it, all\n"
		   "# used alike; one the program listed is read, which lets every file\n"
		   "# beneath it be read.\n");
	if (p->unread)
		fprintf(f, "# The path or address of %llu call%s could not be read.\n",
			(unsigned long long)p->unread, p->unread == 1 ? "" : "s");
	if (sf_path_fold(&p->files, home, sf_fold_list_fs, NULL, &rules)) {
		fprintf(stderr, "sf: out of memory\n");
		exit(125);
	}
	/* No rule of a kind restricts nothing of that kind: the language
	 * has no rule for "none", so say so. */
	if (!rules.n)
		fprintf(f, "# No file was used; without a path rule, files are not restricted.\n");
	put_rules(f, &rules);
	sf_pathset_free(&rules);
	if (!any_port(p->connect) && !any_port(p->bind))
		fprintf(f, "# No TCP port was used; without a port rule, ports are not "
			   "restricted.\n");
	put_ports(f, "connect", p->connect);
	put_ports(f, "bind", p->bind);
}
