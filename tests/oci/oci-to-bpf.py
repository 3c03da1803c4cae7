#!/usr/bin/env python3
"""Builds the seccomp filter an OCI runtime builds from a profile, with
libseccomp's own Python bindings (python3-seccomp), and writes it as raw BPF.

    oci-to-bpf.py PROFILE.json...   writes PROFILE.json.bpf and
                                    PROFILE.json.unknown (the names this
                                    libseccomp cannot resolve, one a line)

The JSON is read as runc reads it (libcontainer/seccomp): the filter starts
from defaultAction (errno: defaultErrnoRet, else EPERM), each listed
architecture is added beside the native one, and each entry of `syscalls`
adds one rule per name (resolved for the profile's first architecture) with its `args` as comparisons, except that an entry
comparing one argument twice becomes one rule per comparison (ORed), as
runc does, because libseccomp refuses such a rule. A name libseccomp does
not know is skipped, as runc skips it. errnoRet also carries SCMP_ACT_TRACE's
value (EPERM without one), as in runc. runc adds nothing else that a filter run without a
kernel can see, except its ENOSYS stub for numbers past the newest call the
profile names; that stub is not built here. A profile for another
architecture than this machine's is built for that one alone (runc would
keep the native one beside it), so that its names resolve for it."""
import json
import sys

import seccomp

from runc_rules import action, add_entry

ARCHES = {
    "SCMP_ARCH_X86_64": seccomp.Arch.X86_64,
    "SCMP_ARCH_X86": seccomp.Arch.X86,
    "SCMP_ARCH_X32": seccomp.Arch.X32,
    "SCMP_ARCH_AARCH64": seccomp.Arch.AARCH64,
}


def build(profile):
    f = seccomp.SyscallFilter(action(profile["defaultAction"], profile.get("defaultErrnoRet")))
    arches = [ARCHES[a] for a in profile.get("architectures", [])]
    for arch in arches:
        if not f.exist_arch(arch):
            f.add_arch(arch)
    # runc keeps the native arch beside the listed ones; a profile for
    # another arch is checked on its own (its names resolve for it).
    if arches and seccomp.system_arch() & 0xffffffff not in [a & 0xffffffff for a in arches]:
        f.remove_arch(seccomp.Arch.NATIVE)
    arch0 = arches[0] if arches else seccomp.Arch.NATIVE
    unknown = []
    for entry in profile.get("syscalls", []):
        act = action(entry["action"], entry.get("errnoRet"))
        unknown += add_entry(f, act, entry["names"], entry.get("args", []), arch0)
    return f, unknown


def main():
    for path in sys.argv[1:]:
        with open(path) as fh:
            f, unknown = build(json.load(fh))
        with open(path + ".bpf", "wb") as out:
            f.export_bpf(out)
        with open(path + ".unknown", "w") as out:
            out.write("".join(n + "\n" for n in unknown))


main()
