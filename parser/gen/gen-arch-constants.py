#!/usr/bin/env python3
"""Generate parser/tables/constants_arch.c: the named constants whose value
differs between x86_64, i386 and aarch64, with each arch's value.

Usage: python3 parser/gen/gen-arch-constants.py LINUX_SRC CONSTANTS_C [OUT]

LINUX_SRC is an extracted linux-source-6.12 tree (Debian's package). The
names are those of CONSTANTS_C (build/gen/constants.c, which
gen-constants.sh makes from this machine's headers): the build's values are
the host's, so a policy compiled with --arch for another machine would get
them (O_DIRECTORY is 0x10000 on x86_64, 0x4000 on aarch64). Each arch's
values come from the kernel's uapi headers as `make headers_install` lays
them out for it (arch/*/include/uapi/asm, generic wrappers for the rest),
evaluated by $CC -S for that arch's data model: nothing is run, so no
cross compiler is needed. A name is kept when the three arches' values are
not all equal, and then for all three, so that the host the build runs on
does not matter; names the uapi headers do not define for every arch, or
define alike (glibc's F_GETLK64 on 64-bit arches), keep the build's value.
"""

import os
import re
import subprocess
import sys
import tempfile

KVER = "6.12"
ARCHES = [
	# name, arch dir, $CC flags giving the data model and the arch's macros
	("x86_64", "x86", ["-m64"]),
	("i386", "x86", ["-m32"]),
	# LP64 like x86_64; the arm64 uapi headers test no compiler macro
	# that -m64 on x86_64 would answer wrongly.
	("aarch64", "arm64", ["-m64", "-U__x86_64__", "-D__aarch64__"]),
]
# The uapi headers behind constant-headers.txt's libc headers.
HEADERS = """linux/types.h asm/errno.h linux/errno.h linux/fcntl.h asm/fcntl.h linux/mman.h
asm/mman.h asm/signal.h asm/siginfo.h asm/ioctls.h asm/termbits.h asm/termios.h asm/socket.h
asm/sockios.h linux/socket.h linux/in.h asm/resource.h linux/resource.h asm/poll.h linux/poll.h
linux/eventpoll.h linux/sched.h linux/prctl.h linux/personality.h linux/futex.h linux/fs.h
linux/falloc.h linux/wait.h linux/stat.h linux/eventfd.h linux/random.h linux/time.h
linux/seccomp.h linux/ptrace.h asm/ptrace.h linux/fiemap.h linux/blktrace_api.h linux/loop.h
linux/fd.h linux/sockios.h""".split()


def die(msg):
	sys.stderr.write("gen-arch-constants: %s\n" % msg)
	sys.exit(1)


def uapi_tree(src, arch_dir, tmp):
	"""An include dir as headers_install makes it: asm/ from the arch, the
	asm-generic wrapper for every mandatory header the arch lacks."""
	asm = os.path.join(tmp, "asm")
	os.makedirs(asm)
	own = os.path.join(src, "arch", arch_dir, "include", "uapi", "asm")
	for n in os.listdir(own):
		if n.endswith(".h"):
			os.symlink(os.path.join(own, n), os.path.join(asm, n))
	with open(os.path.join(src, "include/uapi/asm-generic/Kbuild")) as f:
		mandatory = re.findall(r"^mandatory-y\s*\+=\s*(\S+)", f.read(), re.M)
	for n in mandatory:
		p = os.path.join(asm, n)
		if not os.path.exists(p):
			with open(p, "w") as f:
				f.write("#include <asm-generic/%s>\n" % n)
	# headers_install drops the kernel-only includes and markers.
	os.makedirs(os.path.join(tmp, "linux"))
	for n in ("compiler.h", "compiler_types.h"):
		open(os.path.join(tmp, "linux", n), "w").close()
	return ["-D__user=", "-D__force=", "-D__iomem=", "-D__attribute_const__=", "-nostdinc", "-isystem", gcc_include(), "-I", tmp, "-I", os.path.join(src, "include/uapi")]


def gcc_include():
	cc = os.environ.get("CC", "cc")
	return subprocess.run([cc, "-print-file-name=include"], capture_output=True, text=True,
			      check=True).stdout.strip()


def values(names, flags, tmp):
	"""name -> value of each name that is an integer constant here."""
	cc = os.environ.get("CC", "cc")
	src = os.path.join(tmp, "v.c")
	# linux/fs.h sizes BLKGETSIZE64 and BLKBSZGET by size_t, which the
	# kernel's build has and a bare uapi tree does not: the arch's own.
	inc = "".join("#include <%s>\n" % h for h in HEADERS[:1])
	inc += "typedef __kernel_size_t size_t;\n"
	inc += "".join("#include <%s>\n" % h for h in HEADERS[1:])
	with open(src, "w") as f:
		f.write(inc)
	dm = subprocess.run([cc, "-dM", "-E", src] + flags, capture_output=True, text=True)
	if dm.returncode:
		die("%s cannot preprocess the uapi headers: %s" % (cc, dm.stderr[:500]))
	defined = set(re.findall(r"^#define (\w+)[ (]", dm.stdout, re.M))
	cand = [n for n in names if n in defined]
	while True:
		first = inc.count("\n") + 2
		with open(src, "w") as f:
			f.write(inc + "const long long v[] = {\n")
			for n in cand:
				# "* 1": a string macro's address is no value.
				f.write("\t(long long)((%s) * 1),\n" % n)
			f.write("};\n")
		r = subprocess.run([cc, "-S", "-w", "-o", os.path.join(tmp, "v.s"), src] + flags,
				   capture_output=True, text=True)
		if r.returncode == 0:
			break
		bad = {int(x) - first for x in re.findall(r"v\.c:(\d+):", r.stderr)}
		bad = {i for i in bad if 0 <= i < len(cand)}
		if not bad:
			die("%s fails on no line of ours: %s" % (cc, r.stderr[:500]))
		cand = [n for i, n in enumerate(cand) if i not in bad]
	data = bytearray()
	# A macro that is a string (linux/fscrypt.h's FS_KEY_DESC_PREFIX) compiles
	# to an address, not a number: such names are not integer constants.
	addresses = set()
	sizes = {".quad": 8, ".long": 4, ".value": 2, ".short": 2, ".byte": 1}
	on = False
	with open(os.path.join(tmp, "v.s")) as f:
		for line in f:
			w = line.split()
			if not w:
				continue
			if w[0] == "v:":
				on = True
			elif on and w[0] in sizes and not re.match(r"-?\d|0x", w[1]):
				addresses.add(len(data) // 8)
				data += bytes(sizes[w[0]])
			elif on and w[0] in sizes:
				data += (int(w[1], 0) & ((1 << (8 * sizes[w[0]])) - 1)).to_bytes(sizes[w[0]], "little")
			elif on and w[0] == ".zero":
				data += bytes(int(w[1]))
			elif on and not w[0].startswith("."):
				break
	if len(data) != 8 * len(cand):
		die("cannot read the values back from %s's assembly" % cc)
	return {n: int.from_bytes(data[8 * i : 8 * i + 8], "little", signed=True)
		for i, n in enumerate(cand) if i not in addresses}, defined


def main():
	if len(sys.argv) not in (3, 4):
		die("usage: gen-arch-constants.py LINUX_SRC CONSTANTS_C [OUT]")
	src, consts = sys.argv[1], sys.argv[2]
	here = os.path.dirname(os.path.abspath(__file__))
	out = sys.argv[3] if len(sys.argv) == 4 else os.path.join(here, "..", "tables", "constants_arch.c")
	with open(consts) as f:
		text = f.read()
	# Only sf_constants, not the errno table after it.
	names = re.findall(r'^\t\{"(\w+)", -?\d+LL\},$', text.split("sf_errnos[]")[0], re.M)
	if len(names) < 500:
		die("%s: only %d names" % (consts, len(names)))
	per, defined = {}, {}
	for arch, arch_dir, flags in ARCHES:
		with tempfile.TemporaryDirectory() as tmp:
			per[arch], defined[arch] = values(names, uapi_tree(src, arch_dir, tmp) + flags, tmp)
	# Names of x86_64's uapi headers that another arch's do not define
	# (MAP_32BIT, PTRACE_GETREGS on aarch64): that arch has no such
	# constant, and a policy for it naming one is an error rather than
	# x86's number. glibc's F_GETLK64 on 64-bit arches is no uapi name
	# of x86_64's, so it stays.
	absent = {a: sorted(n for n in names if n in defined["x86_64"] and n not in defined[a])
		  for a, _, _ in ARCHES}
	keep = sorted(n for n in names if all(n in per[a] for a, _, _ in ARCHES) and
		      len({per[a][n] for a, _, _ in ARCHES}) > 1)
	if not keep or "O_DIRECTORY" not in keep:
		die("no O_DIRECTORY among the differing names: the uapi headers were not read")
	lines = ["/* Generated by parser/gen/gen-arch-constants.py from Debian's linux-source-%s" % KVER,
		 " * package (the uapi headers of each arch); do not edit. Regenerate with:",
		 " *   make && tar xf /usr/src/linux-source-%s.tar.xz -C /tmp &&" % KVER,
		 " *   python3 parser/gen/gen-arch-constants.py /tmp/linux-source-%s build/gen/constants.c" % KVER,
		 " */",
		 '#include "arch.h"',
		 "",
		 "/* clang-format off */"]
	for arch, _, _ in ARCHES:
		lines.append("const struct sf_constant sf_constants_%s[] = {" % arch)
		for n in keep:
			lines.append('\t{"%s", %dLL},' % (n, per[arch][n]))
		lines.append("};")
		lines.append("const size_t sf_constants_%s_count = sizeof sf_constants_%s / sizeof sf_constants_%s[0];" % (arch, arch, arch))
		lines.append("/* Not defined on %s (its value is unused). */" % arch)
		lines.append("const struct sf_constant sf_constants_absent_%s[] = {" % arch)
		for n in absent[arch] or [""]:
			lines.append('\t{"%s", 0},' % n)
		lines.append("};")
		lines.append("const size_t sf_constants_absent_%s_count = %d;" % (arch, len(absent[arch])))
		lines.append("")
	with open(out, "w") as f:
		f.write("\n".join(lines).rstrip("\n") + "\n")
	sys.stderr.write("gen-arch-constants: %d names differ: %s\n" % (len(keep), " ".join(keep)))
	for a, _, _ in ARCHES:
		sys.stderr.write("gen-arch-constants: not on %s: %s\n" % (a, " ".join(absent[a])))


if __name__ == "__main__":
	main()
