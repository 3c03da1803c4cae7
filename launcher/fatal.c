/* How sf-run stops on an error: one line on stderr starting "sf: ", then
 * exit 125 (or the status given). Every mode uses these, so they live
 * apart from main(). */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "launcher.h"

static pid_t doomed;

void sf_fatal_kills(pid_t pid)
{
	doomed = pid;
}

static void say(const char *fmt, va_list ap)
{
	char msg[2048];

	/* Killed before a word is said: a SIGKILL is taken before the child
	 * runs another instruction of its own. */
	if (doomed > 0)
		kill(doomed, SIGKILL);
	vsnprintf(msg, sizeof msg, fmt, ap);
	fprintf(stderr, "sf: %s\n", msg);
}

void sf_fatal_status(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	exit(status);
}

void sf_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	exit(SF_EXIT_ERROR);
}
