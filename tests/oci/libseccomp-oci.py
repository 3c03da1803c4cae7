#!/usr/bin/python3
"""A container seccomp profile built through libseccomp, as the engines do,
for tests/test_oci.c to compare with sf's reading.

    libseccomp-oci.py PROFILE.json OUT.bpf [CAPS]

Docker's step first (includes/excludes by architecture, by capabilities,
CAPS a comma-separated list, Docker's default set when not given; by
kernel version), then runc's (libcontainer/seccomp, crun's is the same):
an entry whose action is the default one is skipped; names libseccomp
does not know are skipped; an entry comparing one argument twice has each
comparison added as a rule of its own; errnoRet defaults to EPERM. The
filter is for x86_64 plus the architectures the profile lists, and is
exported as raw BPF (the program runc installs)."""

import json
import os
import platform
import sys

import seccomp

from runc_rules import action, add_entry

DOCKER_CAPS = ("CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,"
               "CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,"
               "CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE")
GOARCH = "amd64"


def kernel_at_least(want):
    def nums(s):
        out = []
        for part in s.split(".")[:3]:
            digits = ""
            for c in part:
                if not c.isdigit():
                    break
                digits += c
            out.append(int(digits or 0))
        return out + [0] * (3 - len(out))
    return nums(platform.release()) >= nums(want)


def docker_applies(call, caps):
    exc = call.get("excludes") or {}
    inc = call.get("includes") or {}
    if GOARCH in (exc.get("arches") or []):
        return False
    if any(c in caps for c in exc.get("caps") or []):
        return False
    if exc.get("minKernel") and kernel_at_least(exc["minKernel"]):
        return False
    if inc.get("arches") and GOARCH not in inc["arches"]:
        return False
    if any(c not in caps for c in inc.get("caps") or []):
        return False
    if inc.get("minKernel") and not kernel_at_least(inc["minKernel"]):
        return False
    return True


def main():
    path, out = sys.argv[1], sys.argv[2]
    caps = set((sys.argv[3] if len(sys.argv) > 3 else DOCKER_CAPS).split(","))
    with open(path) as f:
        prof = json.load(f)
    if "ociVersion" in prof:
        prof = prof["linux"]["seccomp"]
    default = action(prof["defaultAction"], prof.get("defaultErrnoRet"))
    filt = seccomp.SyscallFilter(default)
    arches = list(prof.get("architectures") or [])
    for m in prof.get("archMap") or []:
        if m["architecture"] == "SCMP_ARCH_X86_64":
            arches = [m["architecture"]] + list(m.get("subArchitectures") or [])
    for a in arches:
        token = getattr(seccomp.Arch, a[len("SCMP_ARCH_"):], None)
        if token is not None and token != seccomp.Arch.NATIVE:
            try:
                filt.add_arch(token)
            except Exception:
                pass  # the native one, already there
    for call in prof.get("syscalls") or []:
        if not docker_applies(call, caps):
            continue
        act = action(call["action"], call.get("errnoRet"))
        if act == default:
            continue
        names = call.get("names") or [call["name"]]
        add_entry(filt, act, names, call.get("args") or [], seccomp.Arch.NATIVE)
    with open(out, "wb") as f:
        filt.export_bpf(f)


if __name__ == "__main__":
    main()
