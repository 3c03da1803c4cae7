/* sf-run --groups and --show: listings. Each returns the exit status. */
#ifndef SF_SHOW_H
#define SF_SHOW_H

#include "arch.h"

/* --groups [@NAME...]: every group with its description, or the named
 * groups' members on arch. */
int sf_mode_groups(enum sf_arch arch, char **names);

/* --show PID: the filters installed in a running process, disassembled and
 * explained (PTRACE_SECCOMP_GET_FILTER; needs CAP_SYS_ADMIN). */
int sf_mode_show(const char *pid);

#endif
