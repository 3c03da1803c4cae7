#!/usr/bin/env bash
# What `make check` needs beyond gcc and make, installed from Debian's
# packages when missing (as root); without root it names them and fails.
set -eu

need=()
command -v musl-gcc >/dev/null || need+=(musl-tools)
command -v bats >/dev/null || need+=(bats)
command -v python3 >/dev/null || need+=(python3)
command -v setpriv >/dev/null || need+=(util-linux)
command -v setcap >/dev/null || need+=(libcap2-bin)
command -v man >/dev/null || need+=(man-db)
command -v clang >/dev/null || need+=(clang)
command -v valgrind >/dev/null || need+=(valgrind)
# the learned policies are compared with what strace sees (tools-learn.bats)
command -v strace >/dev/null || need+=(strace)
# libFuzzer's runtime (tests/fuzz/)
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
	need+=(libclang-rt-14-dev)
[ -e /usr/include/linux/seccomp.h ] || need+=(linux-libc-dev)
# libseccomp's filters for the --explain-bpf tests
[ -e /usr/include/seccomp.h ] || need+=(libseccomp-dev)
# libseccomp's own Python bindings build container profiles into filters
# as runc does: test_oci compares sf's reading of them, bats/oci-emit.bats
# sf's writing (Debian's python3 has them)
/usr/bin/python3 -c 'import seccomp' 2>/dev/null || python3 -c 'import seccomp' 2>/dev/null ||
	need+=(python3-seccomp)
# an OCI runtime and a static busybox for a container's rootfs (bats/oci-runc.bats)
command -v runc >/dev/null || need+=(runc)
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || need+=(busybox-static)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "sf: make check needs: ${need[*]} (run as root to have them installed)" >&2
	exit 1
fi
echo "sf: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${need[@]}"
