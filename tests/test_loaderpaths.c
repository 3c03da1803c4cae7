/* sf_loader_paths against the loaders themselves: for every ELF program in
 * /usr/bin and /usr/sbin, and sf's own test programs (glibc and musl, with
 * $ORIGIN run paths), the shared objects it resolves are those the
 * program's loader lists (glibc: LD_TRACE_LOADED_OBJECTS=1, musl:
 * ld-musl --list), also under LD_LIBRARY_PATH (with glibc-hwcaps and
 * legacy hwcap subdirectories) and LD_PRELOAD. Then real runs: programs
 * restricted by Landlock to reading (and executing) exactly the paths
 * given start and exit 0, and fail to start with one library taken away. */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/landlock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loaderpaths.h"
#include "test.h"

#define MUSL_LDSO "/lib/ld-musl-x86_64.so.1"
#define MAX_SET 512

struct set {
	char *v[MAX_SET];
	size_t n;
};

static void set_add(struct set *s, const char *path)
{
	char real[PATH_MAX];

	if (!realpath(path, real))
		snprintf(real, sizeof real, "(missing) %s", path);
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], real))
			return;
	if (s->n < MAX_SET)
		s->v[s->n++] = strdup(real);
}

static void set_free(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static int set_has(const struct set *s, const char *p)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], p))
			return 1;
	return 0;
}

/* Runs argv with envp, stdout into buf; the exit status or -1. */
static int run_capture(char *const argv[], char *const envp[], char *buf, size_t size)
{
	int fds[2], st;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(fds[1], 1);
		dup2(null, 0);
		dup2(null, 2);
		close(fds[0]);
		alarm(10);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(fds[1]);
	while (len + 1 < size && (n = read(fds[0], buf + len, size - len - 1)) > 0)
		len += (size_t)n;
	buf[len] = 0;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The objects the loader lists, into s: "name => path (addr)" and
 * "path (addr)". */
static int oracle(const char *prog, int musl, char *const env[], struct set *s)
{
	static char out[1 << 16];
	char *envp[16], *argv[4];
	size_t ne = 0;

	for (char *const *e = env; *e; e++)
		envp[ne++] = *e;
	if (musl) {
		argv[0] = MUSL_LDSO;
		argv[1] = "--list";
		argv[2] = (char *)prog;
		argv[3] = NULL;
	} else {
		envp[ne++] = "LD_TRACE_LOADED_OBJECTS=1";
		argv[0] = (char *)prog;
		argv[1] = NULL;
	}
	envp[ne] = NULL;
	if (run_capture(argv, envp, out, sizeof out) != 0)
		return -1;
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char *arrow = strstr(line, " => "), *p, *end;

		p = arrow ? arrow + 4 : line + strspn(line, " \t");
		end = strstr(p, " (0x");
		if (end)
			*end = 0;
		/* A library not found is left out by both: the loader
		 * fails as it would without sf. */
		if (!strncmp(p, "not found", 9)) {
			continue;
		} else if (*p == '/' || arrow) {
			set_add(s, p);
		}
	}
	return 0;
}

/* What sf_loader_paths gives: the interpreter and the libraries. */
static int mine(const char *prog, char *const env[], struct set *s, char *err, size_t size)
{
	struct sf_pathlist l = {0};

	if (sf_loader_paths(prog, env, &l, err, size))
		return -1;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].kind == SF_LOADPATH_INTERP || l.v[i].kind == SF_LOADPATH_LIBRARY)
			set_add(s, l.v[i].path);
	sf_pathlist_free(&l);
	return 0;
}

static void print_diff(const char *prog, const struct set *a, const struct set *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (!set_has(b, a->v[i]))
			fprintf(stderr, "  %s: loader has %s\n", prog, a->v[i]);
	for (size_t i = 0; i < b->n; i++)
		if (!set_has(a, b->v[i]))
			fprintf(stderr, "  %s: sf has %s\n", prog, b->v[i]);
}

/* 0 static, 1 glibc, 2 musl, -1 neither ELF nor known. */
static int kind_of(const char *path)
{
	char err[256];
	struct sf_pathlist l = {0};
	int k = 0;

	if (sf_loader_paths(path, (char *[]){NULL}, &l, err, sizeof err))
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		if (l.v[i].kind == SF_LOADPATH_SCRIPT)
			k = -1;
		if (l.v[i].kind == SF_LOADPATH_INTERP && k == 0)
			k = strstr(l.v[i].path, "ld-musl-") ? 2 : 1;
	}
	sf_pathlist_free(&l);
	return k;
}

/* One check: prog's objects as its loader lists them. */
static void compare(const char *prog, char *const env[])
{
	struct set want = {0}, got = {0};
	char err[512] = "";
	int k = kind_of(prog);

	if (k < 0)
		return;
	if (k == 0) {
		struct sf_pathlist l = {0};

		CHECKF(!sf_loader_paths(prog, env, &l, err, sizeof err) && l.n == 1 &&
			   l.v[0].kind == SF_LOADPATH_PROGRAM,
		       "%s: static, %zu paths %s", prog, l.n, err);
		sf_pathlist_free(&l);
		return;
	}
	if (oracle(prog, k == 2, env, &want)) {
		/* A program its own loader cannot list (a library missing
		 * on this system): nothing to compare with. */
		return;
	}
	CHECKF(!mine(prog, env, &got, err, sizeof err), "%s: %s", prog, err);
	int same = want.n == got.n;

	for (size_t i = 0; same && i < want.n; i++)
		same = set_has(&got, want.v[i]);
	CHECKF(same, "%s: %zu objects from the loader, %zu from sf", prog, want.n, got.n);
	if (!same)
		print_diff(prog, &want, &got);
	set_free(&want);
	set_free(&got);
}

static int seen_inode(dev_t dev, ino_t ino)
{
	static struct {
		dev_t dev;
		ino_t ino;
	} seen[8192];
	static size_t n;

	for (size_t i = 0; i < n; i++)
		if (seen[i].dev == dev && seen[i].ino == ino)
			return 1;
	if (n < sizeof seen / sizeof seen[0]) {
		seen[n].dev = dev;
		seen[n++].ino = ino;
	}
	return 0;
}

static int compare_dir(const char *dir, char *const env[])
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;

		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode) || !(st.st_mode & 0111) ||
		    seen_inode(st.st_dev, st.st_ino))
			continue;
		compare(path, env);
		n++;
	}
	closedir(d);
	return n;
}

static void copy_file(const char *from, const char *to)
{
	char cmd[2 * PATH_MAX + 32];

	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\" && cp '%s' '%s'", to, from, to);
	CHECKF(system(cmd) == 0, "%s", cmd);
}

/* ---- Run paths built here: $ORIGIN, $LIB, $PLATFORM, the chain ---- */

/* app/bin/prog-rpath needs liba (found through its DT_RPATH with $ORIGIN
 * and $LIB), which needs libb (in liba's directory, which liba does not
 * name: found only through the program's DT_RPATH, the loader's chain)
 * and libc_ (found through $PLATFORM); prog-runpath is the same with
 * DT_RUNPATH, which is not inherited: libb is not found from liba. */
static void run_paths(const char *tmp, char *const env[])
{
	char app[256], prog[512], lib[64] = "lib/x86_64-linux-gnu";
	const char *platform = "x86_64";

	snprintf(app, sizeof app, "%s/app", tmp);
	if (__builtin_cpu_is("intel") && __builtin_cpu_supports("avx2") &&
	    __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2") &&
	    __builtin_cpu_supports("movbe") && __builtin_cpu_supports("lzcnt"))
		platform = __builtin_cpu_supports("avx512er") ? "x86_64" : "haswell";
	if (access("/lib/x86_64-linux-gnu", F_OK))
		snprintf(lib, sizeof lib, "lib64");
	{
		char cmd[4096];

		snprintf(cmd, sizeof cmd,
			 "mkdir -p %s/bin %s/%s %s/lib/%s && cd %s && "
			 "echo 'int b(void){return 2;}' >b.c && echo 'int c(void){return 3;}' >c.c "
			 "&& echo 'int b(void); int a(void){return b();}' >a.c && "
			 "echo 'int a(void); int c(void); int main(void){return a()+c()-5;}' >m.c",
			 app, app, lib, app, platform, app);
		CHECKF(system(cmd) == 0, "%s", cmd);
	}
	{
		char d[320], cmd[8192];

		snprintf(d, sizeof d, "%s/%s", app, lib);
		snprintf(cmd, sizeof cmd,
			 "cd %s && cc -shared -fPIC -o %s/libb.so b.c && "
			 "cc -shared -fPIC -o %s/liba.so a.c -L%s -lb && "
			 "cc -shared -fPIC -o lib/%s/libc_.so c.c && "
			 "cc -o bin/prog-rpath m.c -L%s -la -Llib/%s -lc_ -Wl,-rpath-link,%s "
			 "-Wl,--disable-new-dtags "
			 "-Wl,-rpath,'$ORIGIN/../$LIB:$ORIGIN/../lib/${PLATFORM}' && "
			 "cc -o bin/prog-runpath m.c -L%s -la -Llib/%s -lc_ -Wl,-rpath-link,%s "
			 "-Wl,--enable-new-dtags "
			 "-Wl,-rpath,'$ORIGIN/../$LIB:$ORIGIN/../lib/${PLATFORM}'",
			 app, d, d, d, platform, d, platform, d, d, platform, d);
		CHECKF(system(cmd) == 0, "%s", cmd);
	}
	snprintf(prog, sizeof prog, "%s/bin/prog-rpath", app);
	compare(prog, env);
	{
		struct set got = {0};
		char err[256];

		/* All three found, and the program runs. */
		CHECK(!mine(prog, env, &got, err, sizeof err) && got.n == 5);
		set_free(&got);
		CHECK(system(prog) == 0);
	}
	snprintf(prog, sizeof prog, "%s/bin/prog-runpath", app);
	compare(prog, env);
	{
		struct set got = {0};
		char err[256];

		/* libb is not found: left out. */
		CHECK(!mine(prog, env, &got, err, sizeof err) && got.n == 4);
		set_free(&got);
	}
}

/* ---- Real runs under Landlock ---- */

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#define LANDLOCK_ACCESS_FS_IOCTL_DEV_ (1ULL << 15)

static int landlock_abi(void)
{
	return (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
}

/* In a child: restricts itself to reading (and executing, where said)
 * the paths, except the one named skip, then execs argv. The status. */
static int run_confined(const struct sf_pathlist *l, const char *skip, char *const argv[],
			char *const envp[])
{
	int abi = landlock_abi(), st;
	pid_t pid = fork();

	if (pid == 0) {
		__u64 all = (1ULL << 13) - 1;
		struct landlock_ruleset_attr attr = {0};
		int null = open("/dev/null", O_RDWR), rs;

		if (abi >= 2)
			all |= LANDLOCK_ACCESS_FS_REFER;
		if (abi >= 3)
			all |= LANDLOCK_ACCESS_FS_TRUNCATE;
		if (abi >= 5)
			all |= LANDLOCK_ACCESS_FS_IOCTL_DEV_;
		attr.handled_access_fs = all;
		rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
		if (rs < 0)
			_exit(90);
		for (size_t i = 0; i < l->n; i++) {
			struct landlock_path_beneath_attr pb = {0};

			if (skip && !strcmp(l->v[i].path, skip))
				continue;
			pb.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE |
					    (l->v[i].execute ? LANDLOCK_ACCESS_FS_EXECUTE : 0);
			pb.parent_fd = open(l->v[i].path, O_PATH | O_CLOEXEC);
			if (pb.parent_fd < 0 ||
			    syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0))
				_exit(91);
			close(pb.parent_fd);
		}
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_landlock_restrict_self, rs, 0))
			_exit(92);
		dup2(null, 1);
		dup2(null, 2);
		execve(argv[0], argv, envp);
		_exit(93);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void confined(char *const argv[], char *const envp[], int expect_missing_fails)
{
	struct sf_pathlist l = {0};
	char err[512] = "";
	const char *lib = NULL;
	int r;

	CHECKF(!sf_loader_paths(argv[0], envp, &l, err, sizeof err), "%s: %s", argv[0], err);
	r = run_confined(&l, NULL, argv, envp);
	CHECKF(r == 0, "%s %s under Landlock with %zu paths: status %d", argv[0],
	       argv[1] ? argv[1] : "", l.n, r);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].kind == SF_LOADPATH_LIBRARY || l.v[i].kind == SF_LOADPATH_INTERP)
			lib = l.v[i].path;
	if (expect_missing_fails && lib) {
		r = run_confined(&l, lib, argv, envp);
		CHECKF(r != 0, "%s starts without %s granted: status %d", argv[0], lib, r);
	}
	sf_pathlist_free(&l);
}

static void landlock_runs(char *const envp[], const char *tmp)
{
	char script[PATH_MAX], nested[PATH_MAX];
	FILE *f;

	if (landlock_abi() < 1) {
		CHECKF(0, "Landlock is not enabled in this kernel: %s", strerror(errno));
		return;
	}
	confined((char *[]){"/usr/bin/true", NULL}, envp, 1);
	confined((char *[]){"/usr/bin/ls", "--version", NULL}, envp, 1);
	confined((char *[]){"/usr/bin/sort", "--version", NULL}, envp, 1);
	confined((char *[]){"/bin/bash", "--version", NULL}, envp, 1);
	confined((char *[]){"/usr/bin/python3", "--version", NULL}, envp, 1);
	confined((char *[]){"build/progs/ctorthread", NULL}, envp, 1);
	if (access(MUSL_LDSO, X_OK) == 0)
		confined((char *[]){"build/progs/musl/probe", "-", NULL}, envp, 1);
	/* A script, and a script whose interpreter is a script. */
	snprintf(script, sizeof script, "%s/script.sh", tmp);
	f = fopen(script, "w");
	fprintf(f, "#!/bin/sh\nexit 0\n");
	fclose(f);
	chmod(script, 0755);
	confined((char *[]){script, NULL}, envp, 1);
	snprintf(nested, sizeof nested, "%s/nested", tmp);
	f = fopen(nested, "w");
	fprintf(f, "#!%s\n", script);
	fclose(f);
	chmod(nested, 0755);
	confined((char *[]){nested, NULL}, envp, 0);
	{
		struct sf_pathlist l = {0};
		char err[256];

		CHECK(!sf_loader_paths(nested, envp, &l, err, sizeof err) && l.n >= 3 &&
		      l.v[0].kind == SF_LOADPATH_SCRIPT && l.v[1].kind == SF_LOADPATH_SCRIPT &&
		      l.v[2].kind == SF_LOADPATH_PROGRAM && l.v[0].execute && l.v[2].execute);
		sf_pathlist_free(&l);
	}
}

/* ---- Odd inputs ---- */

static void errors(const char *tmp)
{
	struct sf_pathlist l = {0};
	char err[512], path[PATH_MAX];
	FILE *f;

	CHECK(sf_loader_paths("/nonexistent/prog", (char *[]){NULL}, &l, err, sizeof err) == -1 &&
	      strstr(err, "No such file"));
	snprintf(path, sizeof path, "%s/text", tmp);
	f = fopen(path, "w");
	fprintf(f, "plain text\n");
	fclose(f);
	CHECK(sf_loader_paths(path, (char *[]){NULL}, &l, err, sizeof err) == -1 &&
	      strstr(err, "neither an ELF program nor a #! script") && l.n == 0);
	snprintf(path, sizeof path, "%s/loop", tmp);
	f = fopen(path, "w");
	fprintf(f, "#!%s\n", path);
	fclose(f);
	CHECK(sf_loader_paths(path, (char *[]){NULL}, &l, err, sizeof err) == -1 &&
	      strstr(err, "too many levels"));
	CHECK(sf_loader_paths("build/attacks/glibc/probe-otherld", (char *[]){NULL}, &l, err,
			      sizeof err) == -1 &&
	      strstr(err, "neither glibc's nor musl's"));
}

int main(void)
{
	char *env[] = {"PATH=/usr/bin:/bin", NULL};
	char tmp[] = "/tmp/sf-loaderpaths.XXXXXX", llp[PATH_MAX + 32], pre[PATH_MAX + 32];
	char shim[PATH_MAX], mshim[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	int n;

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	n = compare_dir("/usr/bin", env);
	n += compare_dir("/usr/sbin", env);
	CHECKF(n > 100, "only %d programs in /usr/bin and /usr/sbin", n);
	printf("compared %d programs of /usr/bin and /usr/sbin\n", n);
	const char *own[] = {"build/progs/probe",
			     "build/progs/ctorthread",
			     "build/progs/restrict",
			     "build/progs/musl/probe",
			     "build/attacks/glibc/probe-ctorlib",
			     "build/attacks/musl/probe-ctorlib",
			     "build/sf-run-dynamic",
			     NULL};
	for (const char **p = own; *p; p++) {
		CHECKF(access(*p, X_OK) == 0, "%s is not built", *p);
		compare(*p, env);
	}
	/* LD_LIBRARY_PATH: a directory holding libc itself, libm in a
	 * glibc-hwcaps subdirectory and libz in a legacy one. */
	snprintf(from, sizeof from, "/lib/x86_64-linux-gnu/libc.so.6");
	snprintf(to, sizeof to, "%s/lib/libc.so.6", tmp);
	copy_file(from, to);
	snprintf(to, sizeof to, "%s/lib/glibc-hwcaps/x86-64-v2/libm.so.6", tmp);
	copy_file("/lib/x86_64-linux-gnu/libm.so.6", to);
	snprintf(to, sizeof to, "%s/lib/x86_64/libz.so.1", tmp);
	if (access("/lib/x86_64-linux-gnu/libz.so.1", R_OK) == 0)
		copy_file("/lib/x86_64-linux-gnu/libz.so.1", to);
	snprintf(llp, sizeof llp, "LD_LIBRARY_PATH=/nonexistent::%s/lib", tmp);
	compare("/usr/bin/ls", (char *[]){env[0], llp, NULL});
	compare("/usr/bin/python3", (char *[]){env[0], llp, NULL});
	compare("build/progs/probe", (char *[]){env[0], llp, NULL});
	/* LD_PRELOAD: sf's shims, by path; a library by name. */
	if (realpath("build/libsf.so", shim)) {
		snprintf(pre, sizeof pre, "LD_PRELOAD=%s libm.so.6", shim);
		compare("/usr/bin/true", (char *[]){env[0], pre, NULL});
		compare("build/progs/ctorthread", (char *[]){env[0], pre, NULL});
	}
	if (realpath("build/musl/libsf.so", mshim)) {
		snprintf(pre, sizeof pre, "LD_PRELOAD=%s", mshim);
		compare("build/progs/musl/probe", (char *[]){env[0], pre, NULL});
	}
	run_paths(tmp, env);
	landlock_runs(env, tmp);
	errors(tmp);
	snprintf(from, sizeof from, "rm -rf '%s'", tmp);
	if (system(from))
		perror("rm");
	return test_report("test_loaderpaths");
}
