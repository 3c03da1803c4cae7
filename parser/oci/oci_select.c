/* Docker's includes/excludes of a profile's syscall entries: by
 * architecture (Go's names), by the container's capabilities, and by the
 * running kernel's version. Docker applies them when it turns its profile
 * into the OCI one; sf applies them when reading, so both formats read. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "oci_int.h"
#include "oci_names.h"

/* Docker's default capabilities for a container (its oci/caps defaults). */
const char sf_oci_docker_caps[] =
    "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,CAP_SETGID,"
    "CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,"
    "CAP_AUDIT_WRITE";

static const char *caps_list;

void sf_oci_set_caps(const char *list)
{
	caps_list = list;
}

int sf_oci_caps_parse(const char *list, uint64_t *set, const char **bad, size_t *badlen)
{
	const char *s = list ? list : sf_oci_docker_caps, *end;
	int i;

	*set = 0;
	if (!strcmp(s, "all")) {
		*set = (UINT64_C(1) << SF_OCI_CAP_COUNT) - 1;
		return 0;
	}
	for (; *s; s = *end ? end + 1 : end) {
		end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		if (end == s)
			continue;
		i = sf_oci_cap_index(s, (size_t)(end - s));
		if (i < 0) {
			*bad = s;
			*badlen = (size_t)(end - s);
			return -1;
		}
		*set |= UINT64_C(1) << i;
	}
	return 0;
}

static int load_caps(struct oci *o, size_t off)
{
	const char *bad;
	size_t len;

	if (sf_oci_caps_parse(caps_list, &o->caps, &bad, &len))
		return sf_oci_fail(o, off,
				   "the capability set (--oci-caps, SF_OCI_CAPS) names an unknown "
				   "capability \"%.*s\"",
				   (int)len, bad);
	o->have_caps = 1;
	return 0;
}

/* "6.1.0-18-amd64" or "4.8": up to three numbers, the missing ones 0. */
static void parse_version(const char *s, unsigned v[3])
{
	v[0] = v[1] = v[2] = 0;
	for (int i = 0; i < 3; i++) {
		while (*s >= '0' && *s <= '9')
			v[i] = v[i] * 10 + (unsigned)(*s++ - '0');
		if (*s != '.')
			break;
		s++;
	}
}

static int load_kernel(struct oci *o, size_t off)
{
	char buf[64];
	ssize_t n = -1;
	int fd = open("/proc/sys/kernel/osrelease", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n <= 0)
		return sf_oci_fail(o, off,
				   "minKernel: cannot read the kernel's version "
				   "(/proc/sys/kernel/osrelease)");
	buf[n] = '\0';
	parse_version(buf, o->kernel);
	o->have_kernel = 1;
	return 0;
}

/* 1 when the running kernel is at least version s (Docker: "4.8"). */
static int kernel_at_least(struct oci *o, int v)
{
	const char *s = o->d.v[v].str;
	unsigned want[3];
	size_t i;

	for (i = 0; s[i] && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); i++)
		;
	if (s[i] || !s[0] || s[0] == '.')
		return sf_oci_fail(o, o->d.v[v].off,
				   "minKernel \"%s\" is not a version like \"4.8\"", s);
	if (!o->have_kernel && load_kernel(o, o->d.v[v].off))
		return -1;
	parse_version(s, want);
	for (i = 0; i < 3; i++)
		if (o->kernel[i] != want[i])
			return o->kernel[i] > want[i];
	return 1;
}

/* The filter object (includes or excludes) f: -1 on error, else for
 * includes 1 when everything it names holds, for excludes 1 when anything
 * it names holds. */
static int filter_matches(struct oci *o, int f, int excludes)
{
	static const char *const keys[] = {"arches", "caps", "minKernel"};
	size_t old, k;
	int m, e, any, r;

	if (sf_oci_want(o, f, SF_JSON_OBJECT) || sf_oci_check_keys(o, f, keys, 3))
		return -1;
	/* arches: includes, sf's arch is one of them; excludes, likewise. */
	if ((m = sf_oci_member(o, f, "arches")) >= 0 && o->d.v[m].len) {
		old = sf_oci_push_key(o, "arches");
		if (sf_oci_want(o, m, SF_JSON_ARRAY))
			return -1;
		any = 0;
		for (e = o->d.v[m].first, k = 0; e >= 0; e = o->d.v[e].next, k++) {
			size_t o2 = sf_oci_push_index(o, k);
			if (sf_oci_want(o, e, SF_JSON_STRING))
				return -1;
			if (!sf_oci_goarch_known(o->d.v[e].str))
				return sf_oci_fail_unknown(o, e, "architecture", NULL, 0);
			any |= sf_oci_goarch_is(o->d.v[e].str, o->p->arch);
			sf_oci_pop(o, o2);
		}
		sf_oci_pop(o, old);
		if (excludes && any)
			return 1;
		if (!excludes && !any)
			return 0;
	}
	/* caps: includes, the container has all of them; excludes, any. */
	if ((m = sf_oci_member(o, f, "caps")) >= 0 && o->d.v[m].len) {
		old = sf_oci_push_key(o, "caps");
		if (sf_oci_want(o, m, SF_JSON_ARRAY))
			return -1;
		if (!o->have_caps && load_caps(o, o->d.v[m].off))
			return -1;
		for (e = o->d.v[m].first, k = 0; e >= 0; e = o->d.v[e].next, k++) {
			size_t o2 = sf_oci_push_index(o, k);
			int i;
			if (sf_oci_want(o, e, SF_JSON_STRING))
				return -1;
			i = sf_oci_cap_index(o->d.v[e].str, o->d.v[e].len);
			if (i < 0)
				return sf_oci_fail_unknown(o, e, "capability", NULL, 0);
			sf_oci_pop(o, o2);
			if (excludes && (o->caps >> i & 1))
				return 1;
			if (!excludes && !(o->caps >> i & 1))
				return 0;
		}
		sf_oci_pop(o, old);
	}
	if ((m = sf_oci_member(o, f, "minKernel")) >= 0) {
		old = sf_oci_push_key(o, "minKernel");
		if (sf_oci_want(o, m, SF_JSON_STRING) || (r = kernel_at_least(o, m)) < 0)
			return -1;
		sf_oci_pop(o, old);
		if (excludes && r)
			return 1;
		if (!excludes && !r)
			return 0;
	}
	return !excludes;
}

int sf_oci_entry_applies(struct oci *o, int entry)
{
	size_t old;
	int f, r;

	if ((f = sf_oci_member(o, entry, "excludes")) >= 0) {
		old = sf_oci_push_key(o, "excludes");
		r = filter_matches(o, f, 1);
		if (r < 0)
			return -1;
		sf_oci_pop(o, old);
		if (r)
			return 0;
	}
	if ((f = sf_oci_member(o, entry, "includes")) >= 0) {
		old = sf_oci_push_key(o, "includes");
		r = filter_matches(o, f, 0);
		if (r < 0)
			return -1;
		sf_oci_pop(o, old);
		return r;
	}
	return 1;
}
