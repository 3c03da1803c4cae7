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
 * go in first, as one more Landlock domain of every thread of the process
 * (and of the threads they start later). Before Landlock ABI 8 the kernel
 * restricts only the thread that asks, so sf makes each other thread ask
 * for itself, from a handler of signal 50 that sf installs while the call
 * runs (the program's own action for it is put back; a signal of the
 * program's that comes meanwhile goes to its handler, if any). A thread that
 * blocks signal 50 or does not take it within 2 s (stopped, asleep in
 * vfork) makes the call fail with no thread restricted. This needs
 * /proc/self/task to be readable (a domain from an earlier call must grant
 * /proc for a second call with path rules in a process with threads).
 *
 * Sets no_new_privs (a precondition of unprivileged filters, and kept even
 * if the call fails), with path rules on every thread. Returns 0 when
 * every thread is restricted, or -1 with a message in errbuf (truncated to
 * errsize; errbuf may be NULL) and no filter added. Stop the program on
 * -1: in one case the error leaves it half restricted, which cannot be
 * undone. When the kernel refuses a thread its domain (it has 16 already,
 * or no memory), the threads that were restricted before stay so and the
 * calling one is not; the message says so ("which cannot be undone: stop
 * the program"). Not async-signal-safe; concurrent calls are serialised. */
int sf_restrict(const char *rules, char *errbuf, size_t errsize);

#ifdef __cplusplus
}
#endif

#endif
