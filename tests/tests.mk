# libseccomp, for the tests that explain its filters (test_explain_raw,
# bats/tools-explain.bats): used when a program calling it compiles and
# links here; without it those parts are skipped (and say so).
SF_TEST_LIBSECCOMP := $(shell echo 'int main(void) { return !seccomp_init(0); }' | \
	$(CC) -include seccomp.h -x c -o /dev/null - -lseccomp >/dev/null 2>&1 && echo 1)

# Unit and property tests: every tests/test_*.c is one program linked with
# the parser, built twice: plainly and under ASan+UBSan.
UNIT_SRC := $(sort $(wildcard tests/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/%.c=$(B)/tests/%)
UNIT_SAN_BIN := $(UNIT_SRC:tests/%.c=$(B)/tests-san/%)
PARSER_SAN_OBJ := $(PARSER_SRC:%.c=$(B)/san/obj/%.o) $(B)/san/obj/gen/constants.o

$(B)/tests/%: tests/%.c tests/test.h tests/policygen.h $(B)/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -Itests -o $@ $< $(B)/libsf-parser.a

$(B)/san/obj/gen/constants.o: $(GEN_CONST)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -c $< -o $@

$(B)/san/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -MMD -MP -c $< -o $@

$(B)/san/libsf-parser.a: $(PARSER_SAN_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/tests-san/%: tests/%.c tests/test.h tests/policygen.h $(B)/san/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -Itests -o $@ $< $(B)/san/libsf-parser.a

-include $(wildcard $(B)/san/obj/*/*.d $(B)/san/obj/*/*/*.d)

test-programs: all $(UNIT_BIN) $(UNIT_SAN_BIN)

# The test command installs what it needs first, then builds with musl
# (found only after the install) and runs everything.
check:
	bash tests/deps.sh
	$(MAKE) test-programs
	bash tests/run-all.sh

.PHONY: test-programs

# Programs the bats tests (bats/) run under real filters: glibc and musl,
# dynamic, and static where a test needs it.
PROGS := $(B)/progs
PROG_CFLAGS := $(CFLAGS) -Iinclude
BATS_PROGS := $(addprefix $(PROGS)/,probe probe-static musl/probe nostart musl/nostart \
	ownsyms ctorthread libctorlib.so restrict restrict-static \
	restrict-threads restrict-threads-static musl/restrict-threads \
	fsprobe fsprobe-static musl/fsprobe libfsctor.so fsprobe-ctor musl/libfsctor.so \
	musl/fsprobe-ctor)

# The probes' errno names (tests/progs/errname.h).
$(addprefix $(PROGS)/,probe probe-static musl/probe fsprobe fsprobe-static musl/fsprobe \
	fsprobe-ctor musl/fsprobe-ctor): tests/progs/errname.h

$(PROGS)/probe: tests/progs/probe.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $< -lpthread

$(PROGS)/probe-static: tests/progs/probe.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $< -lpthread

$(PROGS)/musl/probe: tests/progs/probe.c | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(PROG_CFLAGS) -isystem $(MUSL_INC) -o $@ $<

$(PROGS)/nostart: tests/progs/nostart.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -nostartfiles -o $@ $<

$(PROGS)/musl/nostart: tests/progs/nostart.c | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(PROG_CFLAGS) -isystem $(MUSL_INC) -nostartfiles -o $@ $<

$(PROGS)/ownsyms: tests/progs/ownsyms.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $<

$(PROGS)/libctorlib.so: tests/progs/ctorlib.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -fPIC -shared -o $@ $< -lpthread

$(PROGS)/ctorthread: tests/progs/ctorthread.c $(PROGS)/libctorlib.so
	$(CC) $(PROG_CFLAGS) -o $@ $< -L$(PROGS) -lctorlib -Wl,-rpath,'$$ORIGIN'

# The path-rule tests' probe (bats/landlock*.bats), and the same with a
# library whose constructor runs before the entry point.
$(PROGS)/fsprobe: tests/progs/fsprobe.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $<

$(PROGS)/fsprobe-static: tests/progs/fsprobe.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $<

$(PROGS)/musl/fsprobe: tests/progs/fsprobe.c | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(PROG_CFLAGS) -isystem $(MUSL_INC) -o $@ $<

$(PROGS)/libfsctor.so: tests/progs/fsctor.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -fPIC -shared -o $@ $< -lpthread

$(PROGS)/fsprobe-ctor: tests/progs/fsprobe.c $(PROGS)/libfsctor.so
	$(CC) $(PROG_CFLAGS) -o $@ $< -L$(PROGS) -Wl,--no-as-needed -lfsctor -Wl,-rpath,'$$ORIGIN'

# musl runs the constructors of DT_NEEDED libraries from
# __libc_start_main, after the entry point: under the exact rules.
$(PROGS)/musl/libfsctor.so: tests/progs/fsctor.c | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(PROG_CFLAGS) -isystem $(MUSL_INC) -fPIC -shared -o $@ $<

$(PROGS)/musl/fsprobe-ctor: tests/progs/fsprobe.c $(PROGS)/musl/libfsctor.so | $(MUSL_INC)
	$(MUSL_CC) $(PROG_CFLAGS) -isystem $(MUSL_INC) -o $@ $< -L$(PROGS)/musl -Wl,--no-as-needed \
		-lfsctor -Wl,-rpath,'$$ORIGIN'

$(PROGS)/restrict: tests/progs/restrict.c $(B)/libsf.so
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $< -L$(B) -lsf -Wl,-rpath,'$$ORIGIN/..'

$(PROGS)/restrict-static: tests/progs/restrict.c $(B)/libsf.a
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $< $(B)/libsf.a

# sf_restrict's path rules in a process with threads (bats/restrict-threads.bats):
# glibc with libsf.so and libsf.a, musl with the musl libsf.so.
$(PROGS)/restrict-threads: tests/progs/restrict-threads.c $(B)/libsf.so
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $< -L$(B) -lsf -Wl,-rpath,'$$ORIGIN/..' -lpthread

$(PROGS)/restrict-threads-static: tests/progs/restrict-threads.c $(B)/libsf.a
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $< $(B)/libsf.a -lpthread

$(PROGS)/musl/restrict-threads: tests/progs/restrict-threads.c $(B)/musl/libsf.so | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(PROG_CFLAGS) -isystem $(MUSL_INC) -o $@ $< -L$(B)/musl -lsf \
		-Wl,-rpath,'$$ORIGIN/../../musl'

# libseccomp's filters for --explain-bpf, where libseccomp is installed
# (SF_TEST_LIBSECCOMP, below); the bats test skips without them.
$(PROGS)/seccomp-gen: tests/progs/seccomp-gen.c
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $< -lseccomp

# sf's filters against another builder's raw BPF in sf's emulator
# (bats/oci-emit.bats: libseccomp building sf-run --emit-oci's profiles).
$(PROGS)/oci-compare: tests/progs/oci-compare.c $(SF_RUN_SHARED) $(B)/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -o $@ $^

$(PROGS)/policygen-dump: tests/progs/policygen-dump.c tests/policygen.h $(B)/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -Itests -o $@ $< $(B)/libsf-parser.a

bats-programs: all $(BATS_PROGS) $(PROGS)/oci-compare $(PROGS)/policygen-dump $(B)/sf-run-dynamic $(if $(SF_TEST_LIBSECCOMP),$(PROGS)/seccomp-gen)
test-programs: bats-programs

.PHONY: bats-programs

# test_explain also links --explain's code from the launcher (and the
# constant names it shares with learn mode).
EXPLAIN_SRC := launcher/explain.c launcher/explain_sym.c launcher/explain_text.c launcher/constname.c
$(B)/tests/test_explain: tests/test_explain.c tests/test.h $(EXPLAIN_SRC:%.c=$(B)/obj/%.o) $(B)/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(EXPLAIN_SRC:%.c=$(B)/obj/%.o) $(B)/libsf-parser.a

$(B)/tests-san/test_explain: tests/test_explain.c tests/test.h $(EXPLAIN_SRC:%.c=$(B)/san/obj/%.o) $(B)/san/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(EXPLAIN_SRC:%.c=$(B)/san/obj/%.o) $(B)/san/libsf-parser.a

# test_explain_raw also explains filters libseccomp builds.
RAW_FLAGS := $(if $(SF_TEST_LIBSECCOMP),-DSF_HAVE_LIBSECCOMP)
RAW_LIBS := $(if $(SF_TEST_LIBSECCOMP),-lseccomp)

$(B)/tests/test_explain_raw: tests/test_explain_raw.c tests/test.h $(EXPLAIN_SRC:%.c=$(B)/obj/%.o) $(B)/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(RAW_FLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(EXPLAIN_SRC:%.c=$(B)/obj/%.o) $(B)/libsf-parser.a $(RAW_LIBS)

$(B)/tests-san/test_explain_raw: tests/test_explain_raw.c tests/test.h $(EXPLAIN_SRC:%.c=$(B)/san/obj/%.o) $(B)/san/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(RAW_FLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(EXPLAIN_SRC:%.c=$(B)/san/obj/%.o) $(B)/san/libsf-parser.a $(RAW_LIBS)

# ---- Attack probes (tests/attacks/, run by bats/attack-*.bats) ----
# Each probe is built for glibc and musl, dynamic and static (and glibc
# static-pie), so that every start-up path and every C library's way of
# passing arguments meets the filters. probe-ownld and probe-otherld name
# their own interpreter (a copy of nostart-static): one under a name that
# looks like glibc's loader, one under another name.
ATK := $(B)/attacks
ATK_CFLAGS := $(CFLAGS) -Itests/attacks -Ipreload
ATK_MUSL_CFLAGS := $(ATK_CFLAGS) -isystem $(MUSL_INC)
ATK_HDR := tests/attacks/attack.h preload/rawsys.h
ATTACK_PROGS := $(addprefix $(ATK)/,glibc/probe glibc/probe-static glibc/probe-static-pie \
	musl/probe musl/probe-static glibc/nostart glibc/nostart-static musl/nostart \
	musl/nostart-static glibc/ownsyms musl/ownsyms glibc/libctorlib.so musl/libctorlib.so \
	outer fakeld/ld-linux-x86-64.so.2 fakeld/attack-interp glibc/probe-ownld \
	glibc/probe-otherld glibc/probe-ctorlib musl/probe-ctorlib glibc/ownlibc musl/ownlibc)

$(ATK)/glibc/probe: tests/attacks/probe.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -o $@ $< -pthread -ldl

$(ATK)/glibc/probe-static: tests/attacks/probe.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -DATTACK_STATIC -static -o $@ $< -pthread

$(ATK)/glibc/probe-static-pie: tests/attacks/probe.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -DATTACK_STATIC -fPIE -static-pie -o $@ $< -pthread

$(ATK)/musl/probe: tests/attacks/probe.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -o $@ $<

$(ATK)/musl/probe-static: tests/attacks/probe.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -DATTACK_STATIC -static -o $@ $<

$(ATK)/glibc/nostart: tests/attacks/nostart.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -nostartfiles -o $@ $<

$(ATK)/glibc/nostart-static: tests/attacks/nostart.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -static -nostdlib -ffreestanding -fno-stack-protector \
		-fno-tree-loop-distribute-patterns -o $@ $<

$(ATK)/musl/nostart: tests/attacks/nostart.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -nostartfiles -o $@ $<

$(ATK)/musl/nostart-static: tests/attacks/nostart.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -static -nostdlib -ffreestanding -fno-stack-protector \
		-fno-tree-loop-distribute-patterns -o $@ $<

$(ATK)/glibc/ownsyms: tests/attacks/ownsyms.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -o $@ $<

$(ATK)/musl/ownsyms: tests/attacks/ownsyms.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -o $@ $<

# ownlibc defines the C library functions a shim would read its policy
# with, exported (-rdynamic) as well as first in the global scope.
$(ATK)/glibc/ownlibc: tests/attacks/ownlibc.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -fno-builtin -rdynamic -o $@ $<

$(ATK)/musl/ownlibc: tests/attacks/ownlibc.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -fno-builtin -rdynamic -o $@ $<

$(ATK)/glibc/libctorlib.so: tests/attacks/ctorlib.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -fPIC -shared -o $@ $< -pthread

$(ATK)/musl/libctorlib.so: tests/attacks/ctorlib.c $(ATK_HDR) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -fPIC -shared -o $@ $<

$(ATK)/outer: tests/attacks/outer.c $(ATK_HDR)
	@mkdir -p $(@D)
	$(CC) $(ATK_CFLAGS) -o $@ $<

$(ATK)/fakeld/ld-linux-x86-64.so.2 $(ATK)/fakeld/attack-interp: $(ATK)/glibc/nostart-static
	@mkdir -p $(@D)
	cp $< $@

$(ATK)/glibc/probe-ownld: tests/attacks/probe.c $(ATK_HDR) $(ATK)/fakeld/ld-linux-x86-64.so.2
	$(CC) $(ATK_CFLAGS) -Wl,--dynamic-linker=$(abspath $(ATK))/fakeld/ld-linux-x86-64.so.2 \
		-o $@ $< -pthread -ldl

$(ATK)/glibc/probe-otherld: tests/attacks/probe.c $(ATK_HDR) $(ATK)/fakeld/attack-interp
	$(CC) $(ATK_CFLAGS) -Wl,--dynamic-linker=$(abspath $(ATK))/fakeld/attack-interp \
		-o $@ $< -pthread -ldl

# The probe with libctorlib.so as a dependency: its constructor runs before
# the shim's __libc_start_main wrapper, whoever loads the shim.
$(ATK)/glibc/probe-ctorlib: tests/attacks/probe.c $(ATK_HDR) $(ATK)/glibc/libctorlib.so
	$(CC) $(ATK_CFLAGS) -o $@ $< -L$(ATK)/glibc -Wl,--no-as-needed -lctorlib -Wl,--as-needed -Wl,-rpath,'$$ORIGIN' -pthread -ldl

$(ATK)/musl/probe-ctorlib: tests/attacks/probe.c $(ATK_HDR) $(ATK)/musl/libctorlib.so | $(MUSL_INC)
	$(MUSL_CC) $(ATK_MUSL_CFLAGS) -o $@ $< -L$(ATK)/musl -Wl,--no-as-needed -lctorlib -Wl,-rpath,'$$ORIGIN'

attack-programs: all $(ATTACK_PROGS)
test-programs: attack-programs

.PHONY: attack-programs

# ---- Fuzzing (tests/fuzz/): libFuzzer over parse + compile, ASan+UBSan ----
# clang and its runtime (Debian: clang, libclang-rt-14-dev) only; without
# them the target is not built and tests/run-all.sh counts the fuzz check
# as failed. `make fuzz FUZZ_SECONDS=600` runs it here, keeping new inputs
# in build/fuzz/corpus (the checked-in seeds stay as they are).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BIN := $(B)/fuzz/fuzz_policy
FUZZ_CFLAGS := -O1 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fno-strict-aliasing \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(FUZZ_BIN): tests/fuzz/fuzz_policy.c $(PARSER_SRC) $(GEN_CONST) $(wildcard parser/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(INCS) -o $@ tests/fuzz/fuzz_policy.c $(PARSER_SRC) $(GEN_CONST)

ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
test-programs: $(FUZZ_BIN)
endif

fuzz: $(FUZZ_BIN)
	@mkdir -p $(B)/fuzz/corpus
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 $(B)/fuzz/corpus tests/fuzz/corpus

.PHONY: fuzz

# ---- sf-run and the shim under ASan+UBSan (build/san-run/) ----
# The same sources, instrumented; the shim then loads libasan as a
# dependency, which needs ASAN_OPTIONS=verify_asan_link_order=0 since the
# program itself is not instrumented. tests/run-all.sh runs the shim's bats
# suites against these (SF_TEST_SF_RUN, SF_TEST_SHIM). musl has no ASan:
# the layout's musl shim is the plain one.
SANRUN := $(B)/san-run
SANRUN_OBJ = $(patsubst %.c,$(SANRUN)/obj/%.o,$(1))
SANRUN_PARSER := $(call SANRUN_OBJ,$(PARSER_SRC) $(GEN_CONST))

$(SANRUN)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) -fPIC $(INCS) -MMD -MP -c $< -o $@

$(SANRUN)/libsf.so: $(call SANRUN_OBJ,$(SHIM_SRC)) $(SANRUN_PARSER)
	$(CC) -shared $(SANFLAGS) -Wl,-z,now -Wl,--version-script=preload/libsf.map $(LDFLAGS) \
		-o $@ $^ $(SHIM_LIBS)

# The objects sf-run is made of (Makefile), instrumented.
$(SANRUN)/sf-run: $(patsubst $(B)/obj/%,$(SANRUN)/obj/%,$(LAUNCHER_OBJ) $(SF_RUN_SHARED)) \
		$(SANRUN_PARSER)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $^

$(SANRUN)/musl/libsf.so: $(B)/musl/libsf.so
	@mkdir -p $(@D)
	cp $< $@

$(SANRUN)/obj/launcher/main.o: CFLAGS += -DSF_VERSION='"$(VERSION)"'

-include $(wildcard $(SANRUN)/obj/*/*.d $(SANRUN)/obj/*/*/*.d)

san-run: $(SANRUN)/sf-run $(SANRUN)/libsf.so $(SANRUN)/musl/libsf.so
test-programs: san-run

.PHONY: san-run

# test_loaderpaths links what sf-run's pre-exec stage knows of loaders and
# compares it with what the loaders themselves list (tests/test_loaderpaths.c).
LOADERPATHS_SRC := launcher/loaderpaths.c launcher/loaderpaths_glibc.c launcher/loaderpaths_musl.c \
	launcher/elfdyn.c launcher/ldcache.c
$(B)/tests/test_loaderpaths: tests/test_loaderpaths.c tests/test.h $(LOADERPATHS_SRC:%.c=$(B)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(LOADERPATHS_SRC:%.c=$(B)/obj/%.o)

$(B)/tests-san/test_loaderpaths: tests/test_loaderpaths.c tests/test.h $(LOADERPATHS_SRC:%.c=$(B)/san/obj/%.o)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(LOADERPATHS_SRC:%.c=$(B)/san/obj/%.o)

# test_closepaths: the shim's closing of a ruleset's path descriptors.
CLOSEPATHS_OBJ := preload/landlock.o preload/install.o preload/fmt.o
$(B)/tests/test_closepaths: tests/test_closepaths.c tests/test.h $(CLOSEPATHS_OBJ:%=$(B)/obj/%) $(B)/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -Itests -o $@ $< $(CLOSEPATHS_OBJ:%=$(B)/obj/%) $(B)/libsf-parser.a

$(B)/tests-san/test_closepaths: tests/test_closepaths.c tests/test.h $(CLOSEPATHS_OBJ:%=$(B)/san/obj/%) $(B)/san/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -Itests -o $@ $< $(CLOSEPATHS_OBJ:%=$(B)/san/obj/%) $(B)/san/libsf-parser.a

# test_pathfold: the fold of learned paths into directories, on made-up trees.
$(B)/tests/test_pathfold: tests/test_pathfold.c tests/test.h $(B)/obj/launcher/pathfold.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(B)/obj/launcher/pathfold.o

$(B)/tests-san/test_pathfold: tests/test_pathfold.c tests/test.h $(B)/san/obj/launcher/pathfold.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -Ilauncher -Itests -o $@ $< $(B)/san/obj/launcher/pathfold.o
