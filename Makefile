# sf — see README.md. `make` builds everything under build/, `make check`
# runs every test, `make bench` the benchmarks.
include config.mk

B := build
MUSL_INC := $(B)/musl-include
ARCH_INC := /usr/include/$(shell $(CC) -dumpmachine)

PARSER_SRC := $(sort $(wildcard parser/*.c) $(wildcard parser/tables/*.c))
SHIM_SRC := $(sort $(wildcard preload/*.c))
# The C library functions libsf.so defines for itself (preload/libc/libc.h):
# hidden, so that the shim's and the parser's calls bind inside libsf.so and
# no program's definition of the same name runs on the policy's way to the
# kernel. sf-run, libsf.a and the tests use the real C library.
SHIM_LIBC_SRC := $(sort $(wildcard preload/libc/*.c))
LAUNCHER_SRC := $(sort $(wildcard launcher/*.c))
GEN_CONST := $(B)/gen/constants.c

INCS := -Iparser -Iinclude -Ipreload

PARSER_OBJ := $(PARSER_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/constants.o
PARSER_MUSL_OBJ := $(PARSER_SRC:%.c=$(B)/musl/obj/%.o) $(B)/musl/obj/gen/constants.o
SHIM_OBJ := $(SHIM_SRC:%.c=$(B)/obj/%.o)
SHIM_MUSL_OBJ := $(SHIM_SRC:%.c=$(B)/musl/obj/%.o)
SHIM_LIBC_OBJ := $(SHIM_LIBC_SRC:%.c=$(B)/obj/%.o)
SHIM_LIBC_MUSL_OBJ := $(SHIM_LIBC_SRC:%.c=$(B)/musl/obj/%.o)
LAUNCHER_OBJ := $(LAUNCHER_SRC:%.c=$(B)/obj/%.o)

SHIM_LIBS := -ldl

# The musl shim is built where musl-gcc is found (make check installs it).
HAVE_MUSL := $(shell command -v $(MUSL_CC) >/dev/null 2>&1 && echo 1)
MUSL_SHIM := $(if $(HAVE_MUSL),$(B)/musl/libsf.so)

all: $(B)/sf-run $(B)/libsf.so $(B)/libsf.a $(MUSL_SHIM)
	@$(if $(HAVE_MUSL),:,echo 'sf: $(MUSL_CC) not found: built without the musl shim (apt-get install musl-tools)')

# Constants come from this machine's headers at build time.
$(GEN_CONST): parser/gen/gen-constants.sh parser/gen/constant-headers.txt
	@mkdir -p $(@D)
	CC="$(CC)" sh parser/gen/gen-constants.sh > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/constants.o: $(GEN_CONST)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC $(INCS) -c $< -o $@

$(B)/musl/obj/gen/constants.o: $(GEN_CONST) | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(CFLAGS) -fPIC -isystem $(MUSL_INC) $(INCS) -c $< -o $@

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC $(INCS) -MMD -MP -c $< -o $@

$(B)/musl/obj/%.o: %.c | $(MUSL_INC)
	@mkdir -p $(@D)
	$(MUSL_CC) $(CFLAGS) -fPIC -isystem $(MUSL_INC) $(INCS) -MMD -MP -c $< -o $@

# musl-gcc sees only musl's headers; give it the kernel's uapi ones.
$(MUSL_INC):
	@mkdir -p $@
	ln -sfn /usr/include/linux $@/linux
	ln -sfn $(ARCH_INC)/asm $@/asm
	ln -sfn /usr/include/asm-generic $@/asm-generic

$(B)/libsf-parser.a: $(PARSER_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/musl/libsf-parser.a: $(PARSER_MUSL_OBJ)
	rm -f $@ && ar rcs $@ $^

# The compiler must not turn memcpy's loop into a call to memcpy, nor
# assume anything of these names: they are being defined.
$(SHIM_LIBC_OBJ) $(SHIM_LIBC_MUSL_OBJ): CFLAGS += -ffreestanding -fno-builtin \
	-fno-tree-loop-distribute-patterns -fvisibility=hidden

# What libsf.so may still import from the C library, and why none of it
# lets the program's code run, or change what is read, before the filters
# are in force (bats/attack-ownlibc.bats holds both shims to this list):
#   dlsym            called in __libc_start_main's wrapper after the
#                    filters are installed (preload/shim.c)
#   environ          data, not code. The policy is read from the
#   __environ etc.   environment the kernel passed: in the wrapper from the
#                    stack, in glibc's constructors from the dynamic
#                    linker's arguments (preload/startargs.c; musl runs
#                    constructors from __libc_start_main, after the
#                    wrapper). environ is only written, to add SF_ACTIVE.
#   __cxa_finalize, __gmon_start__, _ITM_*: weak references of the C
#                    runtime's crtbegin/crti, called at exit or never

$(B)/libsf.so: $(SHIM_OBJ) $(SHIM_LIBC_OBJ) $(B)/libsf-parser.a
	$(CC) -shared -Wl,-z,now -Wl,--version-script=preload/libsf.map $(LDFLAGS) -o $@ $(SHIM_OBJ) $(SHIM_LIBC_OBJ) $(B)/libsf-parser.a $(SHIM_LIBS)

$(B)/musl/libsf.so: $(SHIM_MUSL_OBJ) $(SHIM_LIBC_MUSL_OBJ) $(B)/musl/libsf-parser.a
	$(MUSL_CC) -shared -Wl,-z,now -Wl,--version-script=preload/libsf.map $(LDFLAGS) -o $@ $(SHIM_MUSL_OBJ) $(SHIM_LIBC_MUSL_OBJ) $(B)/musl/libsf-parser.a

# sf_restrict for static linking: the parser and the installer, no shim.
LIBSF_A_OBJ := $(addprefix $(B)/obj/preload/,restrict.o install.o fmt.o)
$(B)/libsf.a: $(LIBSF_A_OBJ) $(PARSER_OBJ)
	rm -f $@ && ar rcs $@ $^

# sf-run shares with the shim how a stack is compiled, hashed, named in
# SF_ACTIVE and installed, and how an ELF file's start is recognised.
SF_RUN_SHARED := $(addprefix $(B)/obj/preload/,install.o fmt.o active.o stack.o elfstart.o)
$(B)/obj/launcher/main.o: CFLAGS += -DSF_VERSION='"$(VERSION)"'
# sf-run is linked static-pie where the C library allows it: every
# sandboxed run pays for sf-run's own start, and without a loader and the C
# library's relocations it starts about 150 µs sooner. The dynamic twin is
# for valgrind, which sees allocations only through the shared C library.
STATIC_PIE := $(shell echo 'int main(void) { return 0; }' | \
	$(CC) -static-pie -x c -o /dev/null - >/dev/null 2>&1 && echo -static-pie)
$(B)/sf-run: $(LAUNCHER_OBJ) $(SF_RUN_SHARED) $(B)/libsf-parser.a
	$(CC) $(LDFLAGS) $(STATIC_PIE) -o $@ $^

$(B)/sf-run-dynamic: $(LAUNCHER_OBJ) $(SF_RUN_SHARED) $(B)/libsf-parser.a
	$(CC) $(LDFLAGS) -o $@ $^

-include $(wildcard $(B)/obj/*/*.d $(B)/obj/*/*/*.d $(B)/musl/obj/*/*.d $(B)/musl/obj/*/*/*.d)

include tests/tests.mk

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(LIBDIR)/musl $(DESTDIR)$(INCDIR)
	install -m 755 $(B)/sf-run $(DESTDIR)$(BINDIR)/sf-run
	install -m 644 $(B)/libsf.so $(DESTDIR)$(LIBDIR)/libsf.so
	$(if $(HAVE_MUSL),install -m 644 $(B)/musl/libsf.so $(DESTDIR)$(LIBDIR)/musl/libsf.so)
	install -m 644 $(B)/libsf.a $(DESTDIR)$(LIBDIR)/libsf.a
	install -m 644 include/sf.h $(DESTDIR)$(INCDIR)/sf.h
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5
	install -m 644 man/sf-run.1 $(DESTDIR)$(MANDIR)/man1/sf-run.1
	install -m 644 man/libsf.3 $(DESTDIR)$(MANDIR)/man3/libsf.3
	install -m 644 man/sf-policy.5 $(DESTDIR)$(MANDIR)/man5/sf-policy.5

# The first command of the README: an allowed run and a blocked call.
demo: all
	@echo '$$ build/sf-run -p examples/cat.policy cat examples/hello.txt'
	@build/sf-run -p examples/cat.policy cat examples/hello.txt
	@echo '$$ build/sf-run -p examples/cat.policy uname      # uname is not in the policy'
	@build/sf-run -p examples/cat.policy uname; echo "exit status $$? (128 + SIGSYS)"

format:
	clang-format -i $(PARSER_SRC) $(SHIM_SRC) $(SHIM_LIBC_SRC) $(LAUNCHER_SRC) parser/*.h preload/*.h \
		preload/libc/*.h include/*.h

clean:
	rm -rf $(B)

.PHONY: all install format clean check bench demo
include bench/bench.mk
