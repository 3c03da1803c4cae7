/* Syscall groups a policy can name (`@system-service: 1`): systemd's, from
 * the generated groups_systemd.c, plus sf's own @dynamic-loader. */
#ifndef SF_GROUPS_H
#define SF_GROUPS_H

#include <stddef.h>

#include "syscalls.h"

struct sf_group {
	const char *name;    /* without the '@' */
	const char *help;    /* one line */
	const char *members; /* space-separated; "@name" is a group */
};

extern const struct sf_group sf_groups_systemd[];
extern const size_t sf_groups_systemd_count;

/* The member of a group's list that starts at or after *pos, as a pointer
 * and a length; NULL past the last. Advances *pos. */
const char *sf_group_member(const char **pos, size_t *len);

/* The group called name (len bytes, without '@'), or NULL. */
const struct sf_group *sf_group_lookup(const char *name, size_t len);

/* Every group, in listing order: i from 0 until NULL. */
const struct sf_group *sf_group_at(size_t i);

/* Sets seen[k] for each entry k of t->calls the group reaches (through
 * nested groups too); members t does not have are skipped. seen has
 * t->count entries. */
void sf_group_expand(const struct sf_group *g, const struct sf_syscall_table *t,
		     unsigned char *seen);

#endif
