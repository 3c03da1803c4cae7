/* sf-run --learn: the supervising parent. The child installs a filter that
 * notifies for every call, sends its listener back over a socket pair and
 * execs the program with the shim preloaded and SF_LEARN=1 (see
 * learn_child.c). sf-run answers each notification with "continue" after
 * counting it, until the program and every descendant (which inherit the
 * filter) have exited. No ptrace, no privileges: user notification needs
 * only no_new_privs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"
#include "learn.h"
#include "learn_int.h"
#include "learn_run.h"
#include "stack.h"
#include "tree.h"

extern char **environ;

/* For the exit handler: a policy half written is removed, and a program
 * still running when sf-run gives up is killed rather than left with
 * nobody to answer its calls. */
static char tmp_path[PATH_MAX + 16];
static volatile pid_t child_pid;

static void cleanup(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
	if (child_pid > 0)
		kill(child_pid, SIGKILL);
}

/* Once the program has exited, SIGINT, SIGTERM or SIGHUP end what it left
 * running in the background, and the policy is written. */
static volatile sig_atomic_t stop_now;

static void on_stop(int sig)
{
	(void)sig;
	stop_now = 1;
}

static void take_stop_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* The processes left: sf-run is the subreaper, so they are its children
 * once their parents are gone. Kills them when kill is set; returns how
 * many there were. */
static int leftovers(int kill_them)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t self = getpid();
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[288], buf[512], *p;
		ssize_t len;
		int fd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = 0;
		/* "pid (comm) state ppid ...": comm may hold anything. */
		p = strrchr(buf, ')');
		if (!p || atoi(p + 4) != self)
			continue;
		n++;
		if (kill_them)
			kill(atoi(de->d_name), SIGKILL);
	}
	closedir(d);
	return n;
}

/* Children's ends are read from a signalfd; the signals sent to sf-run
 * reach the program as under the supervisor (tree.c), and a terminal's
 * reach it by themselves: sf-run waits to write what it saw. */
static void take_signals(struct sf_learn_sigs *old, int *sfd)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, &old->mask))
		sf_fatal("learn mode: cannot set up signals: %s", strerror(errno));
	*sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (*sfd < 0)
		sf_fatal("learn mode: signalfd: %s", strerror(errno));
}

/* 1: the listener is in *listener; 0: end of file; -1: nothing yet. */
static int recv_listener(int sock, int flags, int *listener)
{
	struct sf_learn_hello hello;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {&hello, sizeof hello};
	struct msghdr mh;
	struct cmsghdr *cm;
	ssize_t n;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof ctl.buf;
	n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | flags);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return -1;
	if (n < 0)
		sf_fatal("learn mode: cannot receive the listener: %s", strerror(errno));
	if (n == 0)
		return 0;
	cm = CMSG_FIRSTHDR(&mh);
	if (n != (ssize_t)sizeof hello || memcmp(hello.magic, SF_LEARN_HELLO, sizeof hello.magic) ||
	    !cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)) || (mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC)))
		sf_fatal("learn mode: the child sent something else than a listener");
	memcpy(listener, CMSG_DATA(cm), sizeof(int));
	return 1;
}

struct notif {
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
};

static void notif_init(struct notif *n)
{
	struct seccomp_notif_sizes sz;

	/* The kernel's structures may be larger than this build's. */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz))
		sf_fatal("learn mode needs seccomp user notification (Linux 5.5 or later): %s",
			 strerror(errno));
	n->req_size = sz.seccomp_notif > sizeof(*n->req) ? sz.seccomp_notif : sizeof(*n->req);
	n->resp_size =
	    sz.seccomp_notif_resp > sizeof(*n->resp) ? sz.seccomp_notif_resp : sizeof(*n->resp);
	n->req = malloc(n->req_size);
	n->resp = malloc(n->resp_size);
	if (!n->req || !n->resp)
		sf_fatal("out of memory");
}

static void answer(int listener, struct notif *n, struct sf_learn_rec *rec)
{
	memset(n->req, 0, n->req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, n->req) < 0) {
		/* ENOENT: the caller died meanwhile. */
		if (errno == EINTR || errno == ENOENT)
			return;
		sf_fatal("learn mode: cannot receive a notification: %s", strerror(errno));
	}
	if (sf_learn_rec_add(rec, (pid_t)n->req->pid, &n->req->data) && rec->paths)
		sf_learn_paths_see(rec->paths, listener, n->req);
	memset(n->resp, 0, n->resp_size);
	n->resp->id = n->req->id;
	n->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	while (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, n->resp) < 0) {
		if (errno == ENOENT)
			return;
		if (errno != EINTR)
			sf_fatal("learn mode: cannot answer a notification: %s", strerror(errno));
	}
}

/* sf-run is the subreaper of the tree: the filter's last user is gone,
 * and the listener hangs up, only once every process is reaped. */
static void reap(int sfd, pid_t pid, int *status, int *reaped)
{
	struct signalfd_siginfo si;
	pid_t p;
	int st;

	while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si)
		;
	while ((p = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
		if (p == pid) {
			*status = st;
			*reaped = 1;
			child_pid = 0;
			sf_tree_forget();
		}
	}
}

struct run {
	int sock, sfd, listener;
	int got, hung_up, reaped, status;
	pid_t pid;
	int told;	     /* the background processes were announced */
	struct timespec end; /* when the program was reaped */
};

/* The program has exited and its background processes run on, still
 * recorded: after a second, say so once, and how to stop them. */
static void after_program(struct run *st)
{
	struct timespec now;
	int n;

	if (!st->end.tv_sec) {
		clock_gettime(CLOCK_MONOTONIC, &st->end);
		take_stop_signals();
	}
	if (stop_now) {
		leftovers(1);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (st->told || now.tv_sec - st->end.tv_sec < 1)
		return;
	st->told = 1;
	n = leftovers(0);
	if (n > 0)
		fprintf(stderr,
			"sf: learn mode: the program has exited; %d process%s it started still "
			"run%s and %s recorded: SIGINT (^C) or SIGTERM to sf-run ends %s and "
			"writes the policy\n",
			n, n == 1 ? "" : "es", n == 1 ? "s" : "", n == 1 ? "is" : "are",
			n == 1 ? "it" : "them");
}

static void supervise(struct run *st, struct sf_learn_rec *rec)
{
	struct notif n;

	notif_init(&n);
	for (;;) {
		struct pollfd pf[3];
		nfds_t k = 0;
		int is = -1, il = -1, r;

		if (st->reaped && !st->got && st->sock >= 0 &&
		    recv_listener(st->sock, MSG_DONTWAIT, &st->listener) == 1)
			st->got = 1;
		if (st->reaped && (!st->got || st->hung_up))
			break;
		if (st->reaped)
			after_program(st);
		if (st->sock >= 0 && !st->got) {
			is = (int)k;
			pf[k++] = (struct pollfd){st->sock, POLLIN, 0};
		}
		if (st->listener >= 0) {
			il = (int)k;
			pf[k++] = (struct pollfd){st->listener, POLLIN, 0};
		}
		pf[k++] = (struct pollfd){st->sfd, POLLIN, 0};
		/* A clone child that signals nothing at its end is reaped
		 * by looking now and then. */
		r = poll(pf, k, st->reaped ? 200 : -1);
		if (r < 0 && errno != EINTR)
			sf_fatal("learn mode: poll: %s", strerror(errno));
		if (r <= 0) {
			reap(st->sfd, st->pid, &st->status, &st->reaped);
			continue;
		}
		if (is >= 0 && pf[is].revents) {
			r = recv_listener(st->sock, 0, &st->listener);
			if (r == 1)
				st->got = 1;
			if (r >= 0) {
				close(st->sock);
				st->sock = -1;
			}
		}
		if (il >= 0 && (pf[il].revents & POLLIN)) {
			answer(st->listener, &n, rec);
		} else if (il >= 0 && pf[il].revents) {
			close(st->listener);
			st->listener = -1;
			st->hung_up = 1;
		}
		if (pf[k - 1].revents)
			reap(st->sfd, st->pid, &st->status, &st->reaped);
	}
	free(n.req);
	free(n.resp);
}

/* The policy goes to a temporary file next to OUT, renamed at the end, so
 * that a failed run leaves OUT as it was. It is created once the program
 * has ended (the program may list that directory), and tried before it
 * starts, so that a long run is not lost to a directory sf-run cannot
 * write. */
static FILE *open_out(const char *out)
{
	mode_t mask;
	FILE *f;
	int fd;

	if (snprintf(tmp_path, sizeof tmp_path, "%s.XXXXXX", out) >= (int)sizeof tmp_path)
		sf_fatal("%s: the file name is too long", out);
	fd = mkostemp(tmp_path, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		tmp_path[0] = 0;
		sf_fatal("%s: cannot write the policy there: %s", out, strerror(e));
	}
	mask = umask(0);
	umask(mask);
	f = fdopen(fd, "w");
	if (fchmod(fd, 0666 & ~mask) || !f)
		sf_fatal("%s: %s", tmp_path, strerror(errno));
	return f;
}

static void check_out(const char *out, const char *base_abs)
{
	struct stat sb;
	char *abs;

	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode))
		sf_fatal("%s: is a directory; --learn needs a file name", out);
	abs = realpath(out, NULL);
	if (abs && base_abs && strcmp(abs, base_abs) == 0)
		sf_fatal("--learn %s would overwrite its own base policy; write to another file",
			 out);
	free(abs);
	fclose(open_out(out));
	unlink(tmp_path);
	tmp_path[0] = 0;
}

/* The base policy, checked before the program runs. */
static char *load_base(const char *path, struct sf_stack *s)
{
	struct sf_error err;
	char *abs;

	sf_stack_init(s, sf_arch_native());
	if (sf_stack_add_file(s, path, &err) || sf_stack_compile(s, SF_REPORT_KILL, &err))
		sf_fatal("%s", err.msg);
	/* The learned policy @includes its base, which a profile cannot be. */
	if (s->pol[0].from_oci)
		sf_fatal("%s: a container profile cannot be a --learn base (the learned policy "
			 "would @include it); learn without -p and stack the two with -p",
			 path);
	abs = realpath(path, NULL);
	if (!abs)
		sf_fatal("%s: %s", path, strerror(errno));
	/* @include takes the rest of the line, up to a '#'. */
	for (const unsigned char *p = (const unsigned char *)abs; *p; p++)
		if (*p < 0x20 || *p == '#' || *p == 0x7f || (!p[1] && *p == ' '))
			sf_fatal("%s: an @include cannot name this path ('#', a control character "
				 "or a trailing space); move or rename the base policy",
				 abs);
	return abs;
}

/* The policy must compile as sf-run will use it. */
static void self_check(const char *out)
{
	struct sf_stack s;
	struct sf_error err;

	sf_stack_init(&s, sf_arch_native());
	if (sf_stack_add_file(&s, out, &err) || sf_stack_compile(&s, SF_REPORT_KILL, &err)) {
		char *nl = strchr(err.msg, '\n');

		if (nl)
			*nl = 0;
		sf_fatal("internal error: the learned policy does not compile: %s", err.msg);
	}
	sf_stack_free(&s);
}

/* --merge adds path and port rules only of the kinds OUT has (see
 * learn_merge.c): with neither, there is nothing to record them for. */
static unsigned merge_kinds(const char *out, int *paths)
{
	unsigned kinds = sf_learn_merge_kinds(out);

	if (!kinds) {
		fprintf(stderr,
			"sf: note: %s has no path or port rules, so --merge learns none (adding "
			"some would deny every file or port they do not list); to learn them, "
			"--learn into a new policy without --merge\n",
			out);
		*paths = 0;
	}
	return kinds;
}

/* Writes OUT: the learned policy, or with --merge OUT as it was and what
 * the run adds to it. */
static void write_out(FILE *f, const struct sf_learn_opts *o, const struct sf_learn_rec *rec,
		      const struct sf_learn_doc *doc, unsigned kinds)
{
	FILE *learned = f;
	unsigned left_out;
	size_t added;

	if (o->merge && !(learned = tmpfile()))
		sf_fatal("learn mode: a temporary file: %s", strerror(errno));
	sf_learn_write(learned, rec, doc);
	if (rec->paths)
		sf_learn_paths_write(learned, rec->paths, getenv("HOME"));
	if (!o->merge)
		return;
	added = sf_learn_merge(f, o->out, learned, o->argv, kinds, &left_out);
	fclose(learned);
	fprintf(stderr, "sf: learn mode: %zu rule%s added to %s\n", added, added == 1 ? "" : "s",
		o->out);
	if (left_out)
		fprintf(stderr,
			"sf: note: %s has no %s rules, so the %s learned are left out (adding one "
			"would deny every %s it does not list)\n",
			o->out, left_out & SF_MERGE_PATHS ? "path" : "port",
			left_out & SF_MERGE_PATHS ? "files" : "ports",
			left_out & SF_MERGE_PATHS ? "file" : "port");
}

static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int sf_learn_run(const struct sf_learn_opts *o)
{
	struct sf_learn_rec *rec = malloc(sizeof(*rec));
	struct sf_learn_doc doc = {o->argv, o->out, NULL, NULL, o->early};
	struct run st = {-1, -1, -1, 0, 0, 0, 0, 0, 0, {0, 0}};
	struct sf_learn_sigs old;
	struct sf_stack base;
	int sv[2], paths = o->paths;
	unsigned kinds = 0;
	FILE *f;

	if (!rec)
		sf_fatal("out of memory");
	if (o->base) {
		doc.base_abs = load_base(o->base, &base);
		doc.base = &base.pol[0];
	}
	check_out(o->out, doc.base_abs);
	if (o->merge && paths)
		kinds = merge_kinds(o->out, &paths);
	atexit(cleanup);
	sf_learn_rec_init(rec, sf_arch_native());
	if (paths) {
		rec->paths = malloc(sizeof(*rec->paths));
		if (!rec->paths)
			sf_fatal("out of memory");
		sf_learn_paths_init(rec->paths, rec->table);
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		sf_fatal("learn mode: socketpair: %s", strerror(errno));
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		sf_fatal("learn mode: cannot become the subreaper: %s", strerror(errno));
	take_signals(&old, &st.sfd);
	fflush(NULL);
	st.pid = fork();
	if (st.pid < 0)
		sf_fatal("learn mode: fork: %s", strerror(errno));
	if (st.pid == 0) {
		close(sv[0]);
		sf_learn_child(o, sv[1], &old, rec->audit_arch);
	}
	child_pid = st.pid;
	sf_tree_forward(st.pid);
	rec->top = o->early ? -1 : st.pid;
	close(sv[1]);
	st.sock = sv[0];
	supervise(&st, rec);
	if (!st.got) {
		int code = exit_status(st.status);

		/* The child reported a failed exec itself. */
		if (WIFEXITED(st.status) && code >= SF_EXIT_ERROR && code <= SF_EXIT_NOTFOUND)
			exit(code);
		sf_fatal("%s ended (status %d) before recording started: nothing was learned",
			 o->argv[0], code);
	}
	/* Under --early the first image's shim runs under the policy too. */
	if (sf_learn_rec_any_exec(rec, o->early ? 1 : 0) || (o->early && o->shim))
		sf_learn_rec_add_shim(rec);
	f = open_out(o->out);
	write_out(f, o, rec, &doc, kinds);
	if (fflush(f) || ferror(f) || fclose(f))
		sf_fatal("%s: cannot write the policy: %s", tmp_path, strerror(errno));
	if (rename(tmp_path, o->out))
		sf_fatal("%s: cannot write the policy: %s", o->out, strerror(errno));
	tmp_path[0] = 0;
	self_check(o->out);
	if (rec->paths) {
		sf_learn_paths_free(rec->paths);
		free(rec->paths);
	}
	sf_learn_rec_free(rec);
	free(rec);
	if (o->base) {
		sf_stack_free(&base);
		free((char *)doc.base_abs);
	}
	sf_tree_exit_as(st.status);
}
