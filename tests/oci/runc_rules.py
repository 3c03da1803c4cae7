"""What runc (libcontainer/seccomp; crun's is the same) makes of one
profile's actions and entries through libseccomp's Python bindings, shared
by libseccomp-oci.py (test_oci: sf's reading) and oci-to-bpf.py
(bats/oci-emit.bats: sf's writing), so that both oracles read a profile
alike."""
import errno

import seccomp

OPS = {
    "SCMP_CMP_NE": seccomp.NE,
    "SCMP_CMP_LT": seccomp.LT,
    "SCMP_CMP_LE": seccomp.LE,
    "SCMP_CMP_EQ": seccomp.EQ,
    "SCMP_CMP_GE": seccomp.GE,
    "SCMP_CMP_GT": seccomp.GT,
    "SCMP_CMP_MASKED_EQ": seccomp.MASKED_EQ,
}


def action(name, ret):
    """runc's action: SCMP_ACT_KILL is the thread's; errnoRet carries
    SCMP_ACT_ERRNO's and SCMP_ACT_TRACE's value, EPERM without one."""
    data = errno.EPERM if ret is None else ret
    if name in ("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD"):
        return seccomp.KILL
    if name == "SCMP_ACT_KILL_PROCESS":
        return seccomp.KILL_PROCESS
    if name == "SCMP_ACT_TRAP":
        return seccomp.TRAP
    if name == "SCMP_ACT_ERRNO":
        return seccomp.ERRNO(data)
    if name == "SCMP_ACT_TRACE":
        return seccomp.TRACE(data)
    if name == "SCMP_ACT_LOG":
        return seccomp.LOG
    if name == "SCMP_ACT_ALLOW":
        return seccomp.ALLOW
    if name == "SCMP_ACT_NOTIFY":
        return seccomp.NOTIFY
    raise SystemExit("unknown action " + name)


def add_entry(filt, act, names, args, arch):
    """Adds one entry of `syscalls` as runc does: a rule per name with the
    entry's comparisons, except that an entry comparing one argument twice
    becomes a rule per comparison (ORed), since libseccomp refuses such a
    rule. A name libseccomp cannot resolve for arch is skipped, as runc
    skips it; returns those names."""
    conds = [seccomp.Arg(a["index"], OPS[a["op"]], a.get("value", 0), a.get("valueTwo", 0))
             for a in args]
    indexes = [a["index"] for a in args]
    rules = [[c] for c in conds] if len(set(indexes)) < len(indexes) else [conds]
    unknown = []
    for name in names:
        try:
            nr = seccomp.resolve_syscall(arch, name)
        except (ValueError, RuntimeError):
            nr = -1
        if nr < 0:
            unknown.append(name)
            continue
        for rule in rules:
            filt.add_rule(act, name, *rule)
    return unknown
