/* sf: seccomp-BPF filters written as plain-text rules.
 *
 * Link with -lsf (libsf.so) or libsf.a. Programs run under sf-run or with
 * LD_PRELOAD=libsf.so need nothing from this header: the shim installs the
 * policies named in the environment before main. */
#ifndef SF_H
#define SF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Installs one more filter on every thread of the calling process, built
 * from rules in sf's policy language, e.g.
 *
 *	if (sf_restrict("sys_mmap: 0", err, sizeof err) < 0)
 *		errx(1, "%s", err);
 *
 * Calls the rules do not mention keep whatever the filters already in
 * force allow (the policy's default is allow unless the rules give a
 * `default:` line), and a filter can only take access away: `sys_mmap: 0`
 * makes every later mmap kill the process. Under sf's shim the filter
 * reports its denials like the others (one line on stderr naming the rule,
 * then death by SIGSYS); otherwise a denial is a plain kill-process.
 *
 * rules may hold path, port and scope rules too (`path /srv: read`): they
 * go in first, as one more Landlock domain of the calling thread and the
 * threads it starts later (an error in a process with other threads).
 *
 * Sets no_new_privs (a precondition of unprivileged filters, and kept even
 * if the call fails). Returns 0, or -1 with a message in errbuf (truncated
 * to errsize; errbuf may be NULL) and no filter added. Not async-signal-safe;
 * concurrent calls are serialised. */
int sf_restrict(const char *rules, char *errbuf, size_t errsize);

#ifdef __cplusplus
}
#endif

#endif
