/* sf-run --signature [--arch ARCH] NAME...: each syscall's arguments, with
 * their C type and how sf compares them: as the kernel reads them, which
 * the audit in parser/gen/arg-audit.txt found narrower than the C type
 * for some (writev's fd, every umode_t) and was not sure of for others
 * (ioctl's arg). */
#include <stdio.h>
#include <string.h>

#include "launcher.h"
#include "signature.h"
#include "syscalls.h"

static const char *reading(const struct sf_sysarg *a)
{
	if (a->flags & SF_ARGF_DUAL)
		return "64 bits and the low 32 (not sure how the kernel reads it: a rule must "
		       "hold for both)";
	if (a->flags & SF_ARGF_16)
		return "unsigned 16 bits (the kernel reads only these)";
	if (a->flags & SF_ARGF_NARROW)
		return a->type == SF_ARG_S32 ? "signed 32 bits (the kernel reads only these)"
					     : "unsigned 32 bits (the kernel reads only these)";
	switch (a->type) {
	case SF_ARG_S32:
		return "signed 32 bits";
	case SF_ARG_U32:
		return "unsigned 32 bits";
	case SF_ARG_S64:
		return "signed 64 bits";
	default:
		return "unsigned 64 bits";
	}
}

static void show(const struct sf_arch_info *ai, const struct sf_syscall *sc)
{
	printf("%s(", sc->name);
	for (int i = 0; i < sc->nargs; i++)
		printf("%s%s", i ? ", " : "", sc->args[i].name);
	printf(")  %s, number %d\n", ai->name, sc->nr);
	for (int i = 0; i < sc->nargs; i++)
		printf("  %d %-16s %-36s %s\n", i, sc->args[i].name, sf_sysarg_ctype(&sc->args[i]),
		       reading(&sc->args[i]));
	for (int i = 0; i < sc->nargs; i++)
		if (strncmp(sc->args[i].name, "arg", 3) == 0 && sc->args[i].name[3] >= '0' &&
		    sc->args[i].name[3] <= '9' && sc->args[i].name[3] != (char)('0' + i)) {
			printf("  (a rule means the kernel's %s by '%s': argument %d)\n",
			       sc->args[i].name, sc->args[i].name, i);
			break;
		}
}

int sf_mode_signature(int argc, char **argv)
{
	enum sf_arch arch = sf_arch_native();
	const struct sf_arch_info *ai;
	int i = 0, status = 0;

	if (argc >= 2 && strcmp(argv[0], "--arch") == 0) {
		if (sf_arch_from_name(argv[1], &arch))
			sf_fatal("unknown architecture '%s' (x86_64, i386 or aarch64)", argv[1]);
		i = 2;
	}
	if (i == argc)
		sf_fatal(
		    "--signature takes syscall names (sf-run --signature [--arch ARCH] NAME...)");
	ai = sf_arch_info(arch);
	for (; i < argc; i++) {
		const char *name = strncmp(argv[i], "sys_", 4) == 0 ? argv[i] + 4 : argv[i];
		const struct sf_syscall *sc = sf_syscall_by_name(ai->table, name);

		if (!sc) {
			fprintf(stderr, "sf: %s has no syscall '%s'\n", ai->name, argv[i]);
			status = SF_EXIT_ERROR;
			continue;
		}
		show(ai, sc);
	}
	return fflush(stdout) ? SF_EXIT_ERROR : status;
}
