/* How sf-run stops on an error: one line on stderr starting "sf: ", then
 * exit 125 (or the status given). Every mode uses these, so they live
 * apart from main(). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "launcher.h"

static void say(const char *fmt, va_list ap)
{
	char msg[2048];

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
