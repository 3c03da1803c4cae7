/* Named groups of path rules (`@loader`, `@tty`): what a kind of program
 * needs from the file system, written once. */
#ifndef SF_PATHGROUPS_H
#define SF_PATHGROUPS_H

#include <stddef.h>
#include <stdint.h>

struct sf_path_group {
	const char *name; /* without the '@' */
	const char *help; /* one line */
	/* Members, ended by a NULL path. */
	const struct sf_path_member {
		const char *path;
		uint64_t access; /* SF_LL_FS_* */
	} * members;
};

/* The group called name (len bytes, without '@'), or NULL. */
const struct sf_path_group *sf_path_group_lookup(const char *name, size_t len);

/* Every group, i from 0 until NULL. */
const struct sf_path_group *sf_path_group_at(size_t i);

#endif
