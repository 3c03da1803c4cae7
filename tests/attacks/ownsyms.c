/* A program that defines its own prctl, syscall, getenv and sigaction:
 * with -z now a shim that called these names would run this code instead,
 * be told that no policy is set or that filter mode is on, and install
 * nothing. ownsyms CANARY|-: prologue, canary, then socket(). */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "attack.h"

static void hijacked(const char *name)
{
	at_write(2, "HIJACKED ");
	at_write(2, name);
	at_write(2, "\n");
}

long syscall(long n, ...)
{
	(void)n;
	hijacked("syscall");
	return 0;
}

int prctl(int option, ...)
{
	(void)option;
	hijacked("prctl");
	return 2; /* "filter mode" and "no_new_privs set", whatever was asked */
}

char *getenv(const char *name)
{
	(void)name;
	hijacked("getenv");
	return NULL;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	(void)sig, (void)act, (void)old;
	hijacked("sigaction");
	return 0;
}

int main(int argc, char **argv)
{
	at_prologue();
	at_canary(argc > 1 ? argv[1] : "-");
	at_result_raw("socket", at_sys3(SYS_socket, AF_INET, SOCK_STREAM, 0));
	return 0;
}
