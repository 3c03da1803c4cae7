/* Installing compiled programs as seccomp filters, with raw system calls
 * only: shared by the shim, sf-run and sf_restrict. */
#ifndef SF_INSTALL_H
#define SF_INSTALL_H

#include "bpf.h"

/* Sets no_new_privs, then installs progs[0..n) in order, each on every
 * thread of the process (TSYNC, and SPEC_ALLOW where the kernel knows it).
 * Between two installs nothing but seccomp() itself is called, so a policy
 * may deny prctl; one that denies seccomp() can only come last, which is
 * checked before anything is installed. Returns 0, or -1 with a reason in
 * why: then no filter of progs is in force if the first failed, and the
 * ones before the failing one are otherwise (the shim and sf-run stop the
 * process on any failure). After the last install the kernel must report
 * filter mode when the filters let that question through; if it does not,
 * nothing can be said about what is in force, and the process stops. */
int sf_install_stack(const struct sf_prog *progs, size_t n, char *why, size_t size);

/* Raw PR_GET_SECCOMP: 0 none, 1 strict, 2 filter. */
int sf_seccomp_mode(void);
/* Raw PR_GET_NO_NEW_PRIVS. */
int sf_no_new_privs(void);
/* Seccomp_filters of /proc/self/status (raw openat, read), or -1 when it
 * cannot be read. Only where openat and read are sure to be allowed. */
int sf_seccomp_filter_count(void);
/* A number field of /proc/self/status ("\nThreads:", with its newline),
 * read the same way; -1 when it cannot be read. */
int sf_self_status_number(const char *field);

#endif
