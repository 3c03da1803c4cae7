/* The policy's rules for files, ports and scopes: what Landlock enforces,
 * kept apart from the syscall rules. A policy with no path rule restricts
 * no file, one with no port rule no port, and scopes apply only when named;
 * with one rule of a kind, whatever that kind does not grant is denied. */
#ifndef SF_LANDLOCK_RULES_H
#define SF_LANDLOCK_RULES_H

#include <stddef.h>
#include <stdint.h>

/* The kernel's access bits (<linux/landlock.h>, ABI 1 to 7), spelled here
 * so that the parser needs no header newer than the build machine's. */
#define SF_LL_FS_EXECUTE (1ULL << 0)
#define SF_LL_FS_WRITE_FILE (1ULL << 1)
#define SF_LL_FS_READ_FILE (1ULL << 2)
#define SF_LL_FS_READ_DIR (1ULL << 3)
#define SF_LL_FS_REMOVE_DIR (1ULL << 4)
#define SF_LL_FS_REMOVE_FILE (1ULL << 5)
#define SF_LL_FS_MAKE_CHAR (1ULL << 6)
#define SF_LL_FS_MAKE_DIR (1ULL << 7)
#define SF_LL_FS_MAKE_REG (1ULL << 8)
#define SF_LL_FS_MAKE_SOCK (1ULL << 9)
#define SF_LL_FS_MAKE_FIFO (1ULL << 10)
#define SF_LL_FS_MAKE_BLOCK (1ULL << 11)
#define SF_LL_FS_MAKE_SYM (1ULL << 12)
#define SF_LL_FS_REFER (1ULL << 13)	/* ABI 2 */
#define SF_LL_FS_TRUNCATE (1ULL << 14)	/* ABI 3 */
#define SF_LL_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */

#define SF_LL_NET_BIND_TCP (1ULL << 0)	  /* ABI 4 */
#define SF_LL_NET_CONNECT_TCP (1ULL << 1) /* ABI 4 */

#define SF_LL_SCOPE_ABSTRACT_UNIX (1ULL << 0) /* ABI 6 */
#define SF_LL_SCOPE_SIGNAL (1ULL << 1)	      /* ABI 6 */

/* The rights the kernel lets a rule on a file (not a directory) grant. */
#define SF_LL_FS_FILE_RIGHTS                                                                       \
	(SF_LL_FS_EXECUTE | SF_LL_FS_WRITE_FILE | SF_LL_FS_READ_FILE | SF_LL_FS_TRUNCATE |         \
	 SF_LL_FS_IOCTL_DEV)

/* One word of a rule ("read", "signal") and the bits it stands for. */
struct sf_ll_word {
	const char *name;
	uint64_t bits;
};

/* Rights of a path rule, and scopes, in the order the docs list them;
 * each list ends with a NULL name. */
extern const struct sf_ll_word sf_ll_rights[];
extern const struct sf_ll_word sf_ll_scopes[];

struct sf_path_rule {
	char *path;	 /* as written, escapes undone */
	uint64_t access; /* SF_LL_FS_* */
	int file, line, col;
	/* From a named group (@loader): a path that is not there on this
	 * system is expected, and --check says nothing of it. */
	unsigned char via_group;
};

struct sf_port_rule {
	uint16_t port;
	unsigned char bind; /* 1: bind, 0: connect */
	int file, line;
};

struct sf_landlock {
	struct sf_path_rule *paths;
	size_t npaths, paths_cap;
	struct sf_port_rule *ports;
	size_t nports, ports_cap;
	uint64_t scopes; /* SF_LL_SCOPE_* */
	/* landlock: strict refuses to run where the kernel cannot enforce
	 * every rule; best-effort (the default) warns. */
	int strict, mode_set, mode_file, mode_line;
};

/* Whether l restricts anything at all. */
int sf_landlock_any(const struct sf_landlock *l);

/* Each 0, or -1 out of memory. add_path copies path. */
int sf_landlock_add_path(struct sf_landlock *l, const char *path, uint64_t access, int file,
			 int line, int col, int via_group);
int sf_landlock_add_port(struct sf_landlock *l, uint16_t port, int bind, int file, int line);
int sf_landlock_copy(struct sf_landlock *dst, const struct sf_landlock *src);
void sf_landlock_free(struct sf_landlock *l);

/* path as the language writes it: bare when it can be, else
 * double-quoted with escapes. Returns the length it needs (as snprintf). */
size_t sf_ll_format_path(const char *path, char *buf, size_t size);

/* Each rule of l as a line of the language ("path /srv: read\n", ...),
 * into buf (truncated, NUL-terminated); returns the length it needs. */
size_t sf_landlock_format(const struct sf_landlock *l, char *buf, size_t size);

/* The words for access, "read write" (the smallest set of words whose
 * bits are all in access, then any bits left in hex). */
void sf_ll_format_access(uint64_t access, char *buf, size_t size);

#endif
