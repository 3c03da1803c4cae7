/* sf-run's parts. */
#ifndef SF_LAUNCHER_H
#define SF_LAUNCHER_H

#include <stdio.h>

#include "stack.h"

#define SF_EXIT_ERROR 125
#define SF_EXIT_NOEXEC 126
#define SF_EXIT_NOTFOUND 127

void sf_usage(FILE *out);

/* "sf: " message, one line, exit 125 (or status). */
__attribute__((noreturn, format(printf, 1, 2))) void sf_fatal(const char *fmt, ...);
__attribute__((noreturn, format(printf, 2, 3))) void sf_fatal_status(int status, const char *fmt,
								     ...);

/* The compile-only modes; each returns the exit status. */
int sf_mode_check(const struct sf_stack *s);
/* --check's warnings on stderr: io_uring beside rules it bypasses, clone3
 * denied in a way glibc does not fall back from (checkwarn.c). */
void sf_check_warnings(const struct sf_stack *s);
/* --check's warnings on path rules (checkwarn_paths.c). */
void sf_check_landlock_warnings(const struct sf_stack *s);
int sf_mode_dump(const struct sf_stack *s);
int sf_mode_emit(const struct sf_stack *s, const char *out);
/* Stops sf-run (125, file:line) when a policy of s has path, port or
 * scope rules, which what (a filter or profile for another enforcer)
 * cannot hold. */
void sf_refuse_landlock(const struct sf_stack *s, const char *what);
/* --emit-oci OUT (k8s 0) and --emit-k8s OUT (k8s 1), --approximate
 * (approx 1): emit_oci.c. */
int sf_mode_emit_oci(const struct sf_stack *s, const char *out, int k8s, int approx);
/* --emit-systemd OUT: emit_systemd.c. */
int sf_mode_emit_systemd(const struct sf_stack *s, const char *out);
int sf_mode_test(const struct sf_stack *s, const char *call);
/* --test 'open PATH RIGHT...', 'connect PORT', 'bind PORT': what the path
 * and port rules answer (pathtest.c). */
int sf_is_path_test(const char *text);
int sf_mode_test_path(const struct sf_stack *s, const char *text);

#endif
