/* The watched process tree's signals and exit (tree.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "launcher.h"
#include "tree.h"

static volatile sig_atomic_t program;

static void forward(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si->si_code <= 0 && program > 0)
		kill((pid_t)program, sig);
}

void sf_tree_forward(pid_t pid)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM};
	struct sigaction sa;

	program = pid;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void sf_tree_forget(void)
{
	program = 0;
}

void sf_tree_exit_as(int status)
{
	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	if (WIFSIGNALED(status)) {
		struct rlimit no_core = {0, 0};
		int sig = WTERMSIG(status);
		sigset_t set;

		/* The same death for whoever waits for sf-run. */
		fflush(NULL);
		setrlimit(RLIMIT_CORE, &no_core);
		signal(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
		exit(128 + sig);
	}
	exit(SF_EXIT_ERROR);
}
