#!/usr/bin/env python3
"""Generate parser/tables/syscalls_<arch>.c from a Linux 6.12 source tree.

Usage: python3 parser/gen/gen-syscalls.py SRC [OUTDIR]

SRC is an extracted linux-source-6.12 tree or the tarball itself
(/usr/src/linux-source-6.12.tar.xz from Debian's linux-source-6.12 package).
OUTDIR defaults to parser/tables next to this script.

Numbers and names come from the syscall tables (x86) and scripts/syscall.tbl
with the ABIs arm64 selects; argument names and types come from the kernel's
SYSCALL_DEFINEn() definitions, falling back to include/linux/syscalls.h.
Syscalls added after that source come from syscalls-after-6.12.txt next to
this script: lines copied from later kernels' tables and definitions, each
section naming the kernel it comes from.
Every C type must be known to TYPES below: an unknown type is an error, so
that no argument width or signedness is ever guessed.

How the kernel really reads each argument wider than 32 bits on the 64-bit
arches comes from the audit in arg-audit.txt next to this script: every
syscall with arguments must be there, and each such argument must have a
reading (64, u32, s32 or dual), or nothing is generated.
"""

import os
import re
import sys
import tarfile

KVER = "6.12"
AFTER = "syscalls-after-6.12.txt"
TBL64 = "arch/x86/entry/syscalls/syscall_64.tbl"
TBL32 = "arch/x86/entry/syscalls/syscall_32.tbl"
GENERIC_TBL = "scripts/syscall.tbl"
ARM64_ABIS = "arch/arm64/kernel/Makefile.syscalls"
SYSCALLS_H = "include/linux/syscalls.h"

# Where SYSCALL_DEFINEn() may appear for the three arches.
SKIP_TOP = {"Documentation", "tools", "samples", "scripts", "usr", "rust", "LICENSES"}
KEEP_ARCH = {"x86", "arm64"}


def wanted(rel):
	if rel in (TBL64, TBL32, GENERIC_TBL, ARM64_ABIS, SYSCALLS_H):
		return True
	if not rel.endswith(".c"):
		return False
	parts = rel.split("/")
	if parts[0] in SKIP_TOP:
		return False
	if parts[0] == "arch":
		# arch/x86/um is user-mode Linux, not the x86 kernel.
		return len(parts) > 2 and parts[1] in KEEP_ARCH and parts[2] != "um"
	return True


def load_tree(src):
	"""Map relative path -> text for every file wanted() accepts."""
	files = {}
	if os.path.isdir(src):
		for root, dirs, names in os.walk(src):
			dirs.sort()
			for n in sorted(names):
				full = os.path.join(root, n)
				rel = os.path.relpath(full, src).replace(os.sep, "/")
				if wanted(rel):
					with open(full, encoding="utf-8", errors="replace") as f:
						files[rel] = f.read()
		return files
	# Streaming keeps one pass over the compressed tarball.
	with tarfile.open(src, "r|*") as tar:
		for m in tar:
			if not m.isfile():
				continue
			rel = m.name.split("/", 1)[1] if "/" in m.name else m.name
			if wanted(rel):
				data = tar.extractfile(m).read()
				files[rel] = data.decode("utf-8", errors="replace")
	return files


def die(msg):
	sys.stderr.write("gen-syscalls: %s\n" % msg)
	sys.exit(1)


# ---- signatures ---------------------------------------------------------

COMMENT_RE = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
# SYSCALL32_DEFINE0: since 6.10 i386's sigreturn is defined only so; the
# argument-taking SYSCALL32_DEFINEn (fanotify_mark) are left out, as their
# SYSCALL_DEFINEn is what the 6.1 tables read.
DEFINE_RE = re.compile(r"^[ \t]*(?:SYSCALL_DEFINE([0-6])|SYSCALL32_DEFINE(0))\(", re.M)
PROTO_RE = re.compile(r"asmlinkage\s+long\s+sys_(\w+)\s*\(([^;]*?)\)\s*;", re.S)


def balanced(text, start):
	"""Text after an opening parenthesis up to its match."""
	depth = 1
	i = start
	while depth:
		c = text[i]
		if c == "(":
			depth += 1
		elif c == ")":
			depth -= 1
		i += 1
	return text[start : i - 1]


def norm(s):
	return " ".join(s.split())


def parse_defines(files):
	"""name -> list of (path, [(ctype, argname)], [#if conditions])."""
	defs = {}
	for rel, text in files.items():
		if not rel.endswith(".c") or "_DEFINE" not in text:
			continue
		# Same length replacements keep offsets valid for balanced().
		text = COMMENT_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
		text = text.replace("\\\n", "  ")
		levels = []  # per #if level: (earlier branch conditions, this one)
		off = 0
		for line in text.split("\n"):
			start = off
			off += len(line) + 1
			d = re.match(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b\s*(.*)", line)
			if d:
				kind, rest = d.group(1), d.group(2).strip()
				if kind == "ifdef":
					levels.append(([], "defined(%s)" % rest))
				elif kind == "ifndef":
					levels.append(([], "!defined(%s)" % rest))
				elif kind == "if":
					levels.append(([], rest))
				elif kind == "elif":
					prev, cur = levels[-1]
					levels[-1] = (prev + [cur], rest)
				elif kind == "else":
					prev, cur = levels[-1]
					levels[-1] = (prev + [cur], "1")
				else:
					levels.pop()
				continue
			m = DEFINE_RE.match(line)
			if not m:
				continue
			n = int(m.group(1) or m.group(2))
			body = [norm(x) for x in balanced(text, start + m.end()).split(",")]
			name = body[0]
			if not re.fullmatch(r"\w+", name) or len(body) != 1 + 2 * n:
				die("%s: cannot parse SYSCALL_DEFINE%d(%s)" % (rel, n, ", ".join(body)))
			args = [(body[1 + 2 * i], body[2 + 2 * i]) for i in range(n)]
			conds = []
			for prev, cur in levels:
				conds += ["!(%s)" % c for c in prev] + [cur]
			defs.setdefault(name, []).append((rel, args, conds))
	return defs


def parse_protos(text):
	"""name -> [(ctype, argname)] from asmlinkage prototypes."""
	protos = {}
	text = COMMENT_RE.sub(" ", text)
	for m in PROTO_RE.finditer(text):
		params = norm(m.group(2))
		args = []
		if params and params != "void":
			for i, p in enumerate(params.split(",")):
				p = norm(p)
				mm = re.fullmatch(r"(.*?[\s*])(\w+)", p)
				if mm and mm.group(1).strip() not in ("", "struct", "unsigned", "signed"):
					args.append((norm(mm.group(1)), mm.group(2)))
				else:
					# A prototype with an unnamed parameter.
					args.append((p, "arg%d" % i))
		protos.setdefault(m.group(1), args)
	return protos


# ---- types --------------------------------------------------------------

# Base type (after dropping qualifiers) -> (bits on a 64-bit arch, bits on
# i386, signed).  Pointer typedefs map to "ptr".
TYPES = {
	"int": (32, 32, True),
	"signed int": (32, 32, True),
	"int32_t": (32, 32, True),
	"s32": (32, 32, True),
	"__s32": (32, 32, True),
	"pid_t": (32, 32, True),
	"__kernel_pid_t": (32, 32, True),
	"key_serial_t": (32, 32, True),
	"key_t": (32, 32, True),
	"__kernel_key_t": (32, 32, True),
	"timer_t": (32, 32, True),
	"__kernel_timer_t": (32, 32, True),
	"clockid_t": (32, 32, True),
	"__kernel_clockid_t": (32, 32, True),
	"mqd_t": (32, 32, True),
	"__kernel_mqd_t": (32, 32, True),
	"rwf_t": (32, 32, True),
	"__kernel_rwf_t": (32, 32, True),
	"unsigned int": (32, 32, False),
	"unsigned": (32, 32, False),
	"u32": (32, 32, False),
	"__u32": (32, 32, False),
	"uint32_t": (32, 32, False),
	"uid_t": (32, 32, False),
	"gid_t": (32, 32, False),
	"__kernel_uid32_t": (32, 32, False),
	"__kernel_gid32_t": (32, 32, False),
	"qid_t": (32, 32, False),
	"old_uid_t": (16, 16, False),
	"old_gid_t": (16, 16, False),
	"umode_t": (16, 16, False),
	"unsigned short": (16, 16, False),
	"u16": (16, 16, False),
	"__u16": (16, 16, False),
	"long": (64, 32, True),
	"signed long": (64, 32, True),
	"__kernel_long_t": (64, 32, True),
	"ssize_t": (64, 32, True),
	"__kernel_ssize_t": (64, 32, True),
	"off_t": (64, 32, True),
	"__kernel_off_t": (64, 32, True),
	"time_t": (64, 32, True),
	"__kernel_time_t": (64, 32, True),
	"__kernel_old_time_t": (64, 32, True),
	"clock_t": (64, 32, True),
	"__kernel_clock_t": (64, 32, True),
	"unsigned long": (64, 32, False),
	"__kernel_ulong_t": (64, 32, False),
	"size_t": (64, 32, False),
	"__kernel_size_t": (64, 32, False),
	"aio_context_t": (64, 32, False),
	"old_sigset_t": (64, 32, False),
	"long long": (64, 64, True),
	"loff_t": (64, 64, True),
	"__kernel_loff_t": (64, 64, True),
	"s64": (64, 64, True),
	"__s64": (64, 64, True),
	"unsigned long long": (64, 64, False),
	"u64": (64, 64, False),
	"__u64": (64, 64, False),
	"uint64_t": (64, 64, False),
	"__aligned_u64": (64, 64, False),
	# Enums whose values are all non-negative: GCC gives them unsigned int.
	"enum landlock_rule_type": (32, 32, False),
	# Pointer typedefs.
	"cap_user_header_t": "ptr",
	"cap_user_data_t": "ptr",
	"__sighandler_t": "ptr",
}

QUALIFIERS = {"const", "volatile", "__user", "__force", "__restrict", "restrict", "__bitwise"}


def classify(ctype, is64):
	"""Return (argtype, bits) where bits is the C width on this arch."""
	if "*" in ctype or "[" in ctype:
		return ("U64", 64) if is64 else ("U32", 32)
	words = [w for w in ctype.split() if w not in QUALIFIERS]
	base = " ".join(words)
	if base.startswith(("struct ", "union ")):
		die("argument passed by value: %r" % ctype)
	t = TYPES.get(base)
	if t is None:
		die("unknown C type %r (add it to TYPES)" % ctype)
	if t == "ptr":
		return ("U64", 64) if is64 else ("U32", 32)
	bits = t[0] if is64 else t[1]
	signed = t[2]
	if bits > 32:
		return ("S64" if signed else "U64"), 64
	return ("S32" if signed else "U32"), 32


# ---- numbers ------------------------------------------------------------


def parse_tbl(text, abis):
	"""[(nr, name, entry)] from a .tbl, entry None when there is none."""
	out = []
	for line in text.splitlines():
		line = line.split("#", 1)[0].split()
		if len(line) < 3 or line[1] not in abis:
			continue
		entry = line[3] if len(line) > 3 else None
		out.append((int(line[0]), line[2], entry))
	return out


def cpp_eval(expr, macros):
	"""Evaluate the few #if forms asm-generic/unistd.h uses."""
	expr = re.sub(r"IS_ENABLED\s*\(", "defined(", expr)
	expr = re.sub(r"defined\s*\(\s*(\w+)\s*\)|defined\s+(\w+)",
		      lambda m: "1" if (m.group(1) or m.group(2)) in macros else "0", expr)
	expr = expr.replace("&&", " and ").replace("||", " or ")
	expr = re.sub(r"!(?!=)", " not ", expr)

	def ident(m):
		v = macros.get(m.group(0), "0")
		return str(v) if re.fullmatch(r"-?\d+", str(v)) else "0"

	expr = re.sub(r"\b(?!and\b|or\b|not\b)[A-Za-z_]\w*", ident, expr)
	return bool(eval(expr, {"__builtins__": {}}))


def load_after(path, files):
	"""Append the later kernels' lines of AFTER to the files they come from;
	return the newest kernel named."""
	newest, rel = KVER, None
	with open(path) as f:
		for no, line in enumerate(f, 1):
			m = re.match(r"@\s+(\S+)\s+linux-(\d+)\.(\d+)\s*$", line)
			if m:
				rel, ver = m.group(1), (int(m.group(2)), int(m.group(3)))
				# "@ - linux-X.Y": checked up to X.Y, nothing to add.
				if rel != "-" and rel not in files:
					die("%s:%d: %s is not read from the source" % (path, no, rel))
				if ver <= tuple(int(x) for x in KVER.split(".")):
					die("%s:%d: linux-%d.%d is not after %s" % (path, no, ver[0], ver[1], KVER))
				newest = max(newest, "%d.%d" % ver, key=lambda v: tuple(map(int, v.split("."))))
				if rel != "-":
					files[rel] += "\n"
				continue
			if line.startswith("#") and rel is None or not line.strip():
				continue
			if rel is None or rel == "-":
				die("%s:%d: a line outside an @ section" % (path, no))
			files[rel] += line
	return newest


# ---- assembly -----------------------------------------------------------


# Kernel configuration that decides between alternative definitions of one
# syscall (#ifdef'd SYSCALL_DEFINEs); only consulted when they disagree.
CONFIG = {
	"x86_64": {"CONFIG_X86_64": "1", "CONFIG_64BIT": "1", "__ARCH_WANT_SYS_CLONE": "1"},
	"i386": {"CONFIG_X86_32": "1", "CONFIG_CLONE_BACKWARDS": "1", "__ARCH_WANT_SYS_CLONE": "1",
		 "CONFIG_OLD_SIGSUSPEND3": "1"},
	"aarch64": {"CONFIG_ARM64": "1", "CONFIG_64BIT": "1", "CONFIG_CLONE_BACKWARDS": "1",
		    "__ARCH_WANT_SYS_CLONE": "1"},
}


def sigkey(args):
	"""A signature with qualifiers dropped: what matters for the table."""
	return tuple((" ".join(w for w in c.split() if w not in QUALIFIERS), n) for c, n in args)


def signature(entry, arch, arch_dir, defs, protos, missing):
	fn = entry[len("sys_") :] if entry.startswith("sys_") else entry
	cands = defs.get(fn, [])
	own = [d for d in cands if d[0].startswith("arch/%s/" % arch_dir)]
	generic = [d for d in cands if not d[0].startswith("arch/")]
	# The real implementation before no-MMU or POSIX-timer-less stubs, so
	# that the chosen ctype text does not depend on file order.
	pick = sorted(own or generic, key=lambda d: (re.search(r"nommu|stubs", d[0]) is not None, d[0]))
	if len({sigkey(d[1]) for d in pick}) > 1:
		cfg = CONFIG[arch]
		pick = [d for d in pick if all(cpp_eval(c, cfg) for c in d[2])]
		if len({sigkey(d[1]) for d in pick}) != 1:
			die("%s: cannot choose between definitions of %s" % (arch, fn))
	if pick:
		return list(pick[0][1])
	if fn in protos:
		return list(protos[fn])
	missing.append(entry)
	return [("unsigned long", "arg%d" % i) for i in range(6)]


def load_audit(path):
	"""(name -> {arg: (reading, arch or None)}, set of exact names)."""
	args, exact = {}, set()
	with open(path) as f:
		for no, line in enumerate(f, 1):
			line = line.split("#", 1)[0].split()
			if not line:
				continue
			if line[0] == "exact":
				exact.update(line[1:])
				continue
			if len(line) < 4:
				die("%s:%d: expected: syscall argument reading where" % (path, no))
			m = re.fullmatch(r"(\w+)(?:\[(\w+)\])?", line[0])
			if not m or line[2] not in ("64", "u32", "s32", "dual"):
				die("%s:%d: bad line" % (path, no))
			args.setdefault(m.group(1), {})[line[1]] = (line[2], m.group(2))
	return args, exact


def is_pointer(ctype):
	words = [w for w in ctype.split() if w not in QUALIFIERS]
	return "*" in ctype or "[" in ctype or TYPES.get(" ".join(words)) == "ptr"


def audited(arch, name, args, audit):
	"""The arguments with the audit's readings: (name, ctype, type, flags)."""
	aargs, exact = audit
	seen = aargs.get(name, {})
	if arch != "i386" and args and name not in exact and name not in aargs:
		die("%s: %s is not in arg-audit.txt: audit how the kernel reads its arguments" % (arch, name))
	out, used = [], set()
	for argname, ctype, t in args:
		flags = ["SF_ARGF_AUDITED"]
		# The syscall wrapper casts the register to the 16-bit type.
		base = TYPES.get(" ".join(w for w in ctype.split() if w not in QUALIFIERS))
		if isinstance(base, tuple) and base[0] == 16 and not is_pointer(ctype):
			# The parser compares these as unsigned 16 bits.
			if base[2]:
				die("%s: %s(%s %s): a signed 16-bit type is not supported" % (arch, name, ctype, argname))
			flags.append("SF_ARGF_16")
		if arch != "i386" and t in ("U64", "S64") and ctype != "unknown" and not is_pointer(ctype):
			r = seen.get(argname)
			if r is None or (r[1] and r[1] != arch):
				die("%s: %s(%s %s) has no reading in arg-audit.txt" % (arch, name, ctype, argname))
			used.add(argname)
			if r[0] in ("u32", "s32"):
				t = r[0].upper()
				flags.append("SF_ARGF_NARROW")
			elif r[0] == "dual":
				flags.append("SF_ARGF_DUAL")
		out.append((argname, ctype, t, " | ".join(flags)))
	if arch != "i386":
		for argname, (r, a) in seen.items():
			if argname not in used and (a is None or a == arch) and any(x[0] == argname for x in args):
				die("%s: arg-audit.txt reads %s's %s, which is not a 64-bit integer" % (arch, name, argname))
	return out


def build(arch, rows, arch_dir, is64, defs, protos, audit):
	calls = []
	missing = []
	seen = set()
	for nr, name, entry in rows:
		if name in seen:
			die("%s: duplicate name %s" % (arch, name))
		seen.add(name)
		if not entry or entry == "sys_ni_syscall":
			# Kept by name (Docker's profile allows epoll_ctl_old,
			# get_thread_area, ...): the kernel answers ENOSYS.
			calls.append((nr, name, []))
			continue
		sig = signature(entry, arch, arch_dir, defs, protos, missing)
		unknown = entry in missing
		args = []
		for ctype, argname in sig:
			if unknown:
				args.append((argname, "unknown", "U64" if is64 else "U32"))
				continue
			t, bits = classify(ctype, is64)
			if bits == 64 and not is64:
				# i386 passes a 64-bit value in two consecutive
				# argument slots, low half first.
				sig_t = "S32" if t == "S64" else "U32"
				args.append((argname + "_lo", ctype, "U32"))
				args.append((argname + "_hi", ctype, sig_t))
			else:
				args.append((argname, ctype, t))
		if len(args) > 6:
			die("%s: %s needs %d argument slots" % (arch, name, len(args)))
		calls.append((nr, name, audited(arch, name, args, audit)))
	calls.sort()
	nrs = [c[0] for c in calls]
	if len(set(nrs)) != len(nrs):
		die("%s: duplicate numbers" % arch)
	return calls, missing


# Must match syscalls.h.
NAME_SIZE = 32
ARG_NAME_SIZE = 20
CTYPE_SIZE = 56


def fnv1a(name):
	"""32-bit FNV-1a, as sf_syscall_hash in syscalls.c."""
	h = 2166136261
	for b in name.encode():
		h = ((h ^ b) * 16777619) & 0xFFFFFFFF
	return h


def cstr(s):
	return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


HEADER = """/* Generated by parser/gen/gen-syscalls.py for Linux %s: Debian's
 * linux-source-%s package, the later syscalls in
 * parser/gen/%s and the audit in
 * parser/gen/arg-audit.txt; do not edit.
 * Regenerate with:
 *   %s
 */"""


def emit(arch, calls, cmd, ctypes, newest):
	lines = [HEADER % (newest, KVER, AFTER, cmd)]
	lines.append('#include "syscalls.h"')
	lines.append("")
	# Names are stored in place, not as pointers, so that libsf.so carries no
	# relocation for them: every relocated page costs each sandboxed exec a
	# copy-on-write fault.
	lines.append("/* clang-format off */")
	lines.append("static const struct sf_syscall calls[] = {")
	for nr, name, args in calls:
		a = ", ".join("{%s, SF_ARG_%s, %d, %s}" % (cstr(n), t, ctypes.index(c), fl) for n, c, t, fl in args)
		# C11 has no empty initializer.
		a = a or "{\"\", 0, 0, 0}"
		lines.append("\t{%s, %d, %d, {%s}}," % (cstr(name), nr, len(args), a))
	lines.append("};")
	lines.append("")
	order = sorted(range(len(calls)), key=lambda i: calls[i][1].encode())
	lines.append("static const uint16_t by_name[] = {")
	for i in range(0, len(order), 12):
		lines.append("\t" + " ".join("%d," % x for x in order[i : i + 12]))
	lines.append("};")
	lines.append("")
	# Open addressing on the name's FNV-1a hash (syscalls.c), slots hold
	# index + 1; a quarter or less full, so a lookup probes about once.
	size = 1
	while size < 4 * len(calls):
		size *= 2
	slots = [0] * size
	for i, (_, name, _) in enumerate(calls):
		h = fnv1a(name) & (size - 1)
		while slots[h]:
			h = (h + 1) & (size - 1)
		slots[h] = i + 1
	lines.append("static const uint16_t by_hash[%d] = {" % size)
	for i in range(0, size, 16):
		lines.append("\t" + " ".join("%d," % x for x in slots[i : i + 16]))
	lines.append("};")
	lines.append("")
	lines.append("const struct sf_syscall_table sf_syscalls_%s = {" % arch)
	lines.append("\tcalls,")
	lines.append("\tby_name,")
	lines.append("\tsizeof calls / sizeof calls[0],")
	lines.append("\tby_hash,")
	lines.append("\tsizeof by_hash / sizeof by_hash[0] - 1,")
	lines.append("};")
	return "\n".join(lines) + "\n"


def emit_ctypes(ctypes, cmd, newest):
	lines = [HEADER % (newest, KVER, AFTER, cmd)]
	lines.append('#include "syscalls.h"')
	lines.append("")
	lines.append("/* clang-format off */")
	lines.append("const char sf_ctypes[][SF_CTYPE_SIZE] = {")
	for c in ctypes:
		lines.append("\t%s," % cstr(c))
	lines.append("};")
	lines.append("")
	lines.append("const size_t sf_ctypes_count = sizeof sf_ctypes / sizeof sf_ctypes[0];")
	return "\n".join(lines) + "\n"


def main():
	if len(sys.argv) not in (2, 3):
		die("usage: gen-syscalls.py LINUX_SRC_DIR_OR_TARBALL [OUTDIR]")
	src = sys.argv[1]
	here = os.path.dirname(os.path.abspath(__file__))
	outdir = sys.argv[2] if len(sys.argv) == 3 else os.path.join(here, "..", "tables")
	files = load_tree(src)
	for need in (TBL64, TBL32, GENERIC_TBL, ARM64_ABIS, SYSCALLS_H):
		if need not in files:
			die("%s: missing %s" % (src, need))
	# Definitions of later kernels are kept as a file of their own.
	files["after/defines.c"] = ""
	newest = load_after(os.path.join(here, AFTER), files)

	audit = load_audit(os.path.join(here, "arg-audit.txt"))
	defs = parse_defines(files)
	protos = parse_protos(files[SYSCALLS_H])

	# arm64 builds its table from the generic one with these ABIs.
	arm64_abis = ["common", "64"]
	for m in re.finditer(r"^syscall_abis_64\s*\+=(.*)$", files[ARM64_ABIS], re.M):
		arm64_abis += m.group(1).split()

	arches = [
		("x86_64", parse_tbl(files[TBL64], ("common", "64")), "x86", True),
		("i386", parse_tbl(files[TBL32], ("i386",)), "x86", False),
		("aarch64", parse_tbl(files[GENERIC_TBL], tuple(arm64_abis)), "arm64", True),
	]
	cmd = "python3 parser/gen/gen-syscalls.py /usr/src/linux-source-%s.tar.xz" % KVER
	os.makedirs(outdir, exist_ok=True)
	built = []
	for arch, rows, arch_dir, is64 in arches:
		calls, missing = build(arch, rows, arch_dir, is64, defs, protos, audit)
		built.append((arch, calls))
		sys.stderr.write("%s: %d syscalls\n" % (arch, len(calls)))
		for e in missing:
			sys.stderr.write("%s: no signature for %s\n" % (arch, e))
	ctypes = sorted({c for _, calls in built for _, _, args in calls for _, c, _, _ in args})
	if len(ctypes) > 255:
		die("%d C types do not fit an unsigned char" % len(ctypes))
	if max(len(c) for c in ctypes) >= CTYPE_SIZE or max(len(n) for _, calls in built for _, n, _ in calls) >= NAME_SIZE:
		die("a name outgrows SF_CTYPE_SIZE or SF_SYSCALL_NAME_SIZE")
	for arch, calls in built:
		with open(os.path.join(outdir, "syscalls_%s.c" % arch), "w") as f:
			f.write(emit(arch, calls, cmd, ctypes, newest))
	with open(os.path.join(outdir, "ctypes.c"), "w") as f:
		f.write(emit_ctypes(ctypes, cmd, newest))


if __name__ == "__main__":
	main()
