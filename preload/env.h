/* Reading the environment by walking the array itself: the program may
 * define its own getenv. */
#ifndef SF_ENV_H
#define SF_ENV_H

/* The value of name in envp, or NULL. The returned string is the entry's
 * own memory, so a caller may overwrite it in place (same length). */
char *sf_env_get(char **envp, const char *name);

/* LD_PRELOAD names a file whose base name starts with "libsf." */
int sf_env_preloads_sf(const char *ld_preload);

#endif
