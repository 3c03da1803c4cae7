#include <string.h>

#include "landlock_rules.h"
#include "pathgroups.h"

#define READ (SF_LL_FS_READ_FILE | SF_LL_FS_READ_DIR)
#define READ_EXEC (READ | SF_LL_FS_EXECUTE)
#define READ_WRITE (READ | SF_LL_FS_WRITE_FILE | SF_LL_FS_TRUNCATE)

/* What glibc's and musl's dynamic loaders open to start a program: the
 * libraries' directories (read and map them executable) and the loader's
 * cache and configuration. */
static const struct sf_path_member loader[] = {
    {"/lib", READ_EXEC},
    {"/lib64", READ_EXEC},
    {"/usr/lib", READ_EXEC},
    {"/usr/lib64", READ_EXEC},
    {"/usr/local/lib", READ_EXEC},
    {"/etc/ld.so.cache", READ},
    {"/etc/ld.so.preload", READ},
    {"/etc/ld-musl-x86_64.path", READ},
    {"/etc/ld-musl-aarch64.path", READ},
    {NULL, 0},
};

/* The terminal: reading and writing it, and its ioctls (TCGETS, ...). */
static const struct sf_path_member tty[] = {
    {"/dev/tty", READ_WRITE | SF_LL_FS_IOCTL_DEV},
    {"/dev/pts", READ_WRITE | SF_LL_FS_IOCTL_DEV},
    {"/dev/console", READ_WRITE | SF_LL_FS_IOCTL_DEV},
    {NULL, 0},
};

/* The devices every program may read or write without harm. */
static const struct sf_path_member devnull[] = {
    {"/dev/null", READ_WRITE}, {"/dev/zero", READ_WRITE}, {"/dev/full", READ_WRITE},
    {"/dev/random", READ},     {"/dev/urandom", READ},	  {NULL, 0},
};

/* Locale, time zone and character set data libc reads. */
static const struct sf_path_member locale[] = {
    {"/usr/lib/locale", READ},
    {"/usr/share/locale", READ},
    {"/usr/share/zoneinfo", READ},
    {"/usr/lib/x86_64-linux-gnu/gconv", READ},
    {"/etc/localtime", READ},
    {"/etc/locale.alias", READ},
    {NULL, 0},
};

static const struct sf_path_group groups[] = {
    {"loader", "the dynamic loader's libraries and configuration (read, execute)", loader},
    {"tty", "the terminal (read, write, ioctl)", tty},
    {"devices", "/dev/null, /dev/zero, /dev/full (read, write), /dev/urandom (read)", devnull},
    {"locale", "locale and time zone data (read)", locale},
};

const struct sf_path_group *sf_path_group_lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strlen(groups[i].name) == len && !memcmp(groups[i].name, name, len))
			return &groups[i];
	return NULL;
}

const struct sf_path_group *sf_path_group_at(size_t i)
{
	return i < sizeof groups / sizeof groups[0] ? &groups[i] : NULL;
}
