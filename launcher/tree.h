/* The process tree sf-run starts and watches, whichever way it watches it
 * (supervise.c: ptrace, to install the filters and report denials;
 * learn.c: seccomp user notification, to record every call): how signals
 * sent to sf-run reach the program, and how sf-run ends as it ended. */
#ifndef SF_TREE_H
#define SF_TREE_H

#include <sys/types.h>

/* From now on, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and
 * SIGALRM sent to sf-run by a process are passed on to program; the
 * terminal's own (^C) reach the program by themselves and are not sent
 * twice. SIGPIPE is ignored: a report to a closed stderr is no death. */
void sf_tree_forward(pid_t program);
/* The program has ended: nothing more to pass on. */
void sf_tree_forget(void);

/* Exits with the program's wait status: its exit code, or the signal that
 * ended it raised again (without a core file of sf-run's). */
__attribute__((noreturn)) void sf_tree_exit_as(int status);

#endif
