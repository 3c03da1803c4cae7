# Benchmarks: `make bench` builds everything (all), then bench/run.sh
# prints one table and writes it to BENCHMARKS.md.
BENCH := $(B)/bench
BENCH_PROGS := cpu insns nscall compile rss install rr llfloor
BENCH_BINS := $(BENCH_PROGS:%=$(BENCH)/sf-bench-%)
BENCH_COMMON := $(addprefix $(BENCH)/obj/,common.o probe.o dispatch.o bound.o lsc.o)

# The libseccomp column only where its header is installed.
HAVE_LIBSECCOMP := $(shell $(CC) -E -include seccomp.h -x c /dev/null >/dev/null 2>&1 && echo 1)
ifeq ($(HAVE_LIBSECCOMP),1)
BENCH_DEFS := -DSF_BENCH_LIBSECCOMP
BENCH_LIBS := -lseccomp
endif

# Objects are rebuilt when the libseccomp column comes or goes.
BENCH_STAMP := $(BENCH)/stamp-libseccomp-$(if $(HAVE_LIBSECCOMP),yes,no)
$(BENCH_STAMP):
	@mkdir -p $(@D)
	rm -f $(BENCH)/stamp-libseccomp-* && touch $@

$(BENCH)/obj/%.o: bench/%.c $(BENCH_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(BENCH_DEFS) $(INCS) -Ibench -MMD -MP -c $< -o $@

$(BENCH_BINS): $(BENCH)/sf-bench-%: $(BENCH)/obj/%.o $(BENCH_COMMON) $(B)/libsf-parser.a
	$(CC) $(LDFLAGS) -o $@ $< $(BENCH_COMMON) $(B)/libsf-parser.a $(BENCH_LIBS)

# Per open under Landlock: the shim's ruleset code, from the shim's objects.
$(BENCH)/sf-bench-llopen: $(BENCH)/obj/llopen.o $(BENCH_COMMON) $(B)/obj/preload/landlock.o \
		$(B)/obj/preload/install.o $(B)/obj/preload/fmt.o $(B)/libsf-parser.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BENCH_LIBS)

# The start-up floor: a preload that only installs compiled programs.
$(BENCH)/sf-bench-floor.so: bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -fPIC -o $@ $<

bench: all $(BENCH_BINS) $(BENCH)/sf-bench-llopen $(BENCH)/sf-bench-floor.so
	CC="$(CC)" HAVE_LIBSECCOMP="$(HAVE_LIBSECCOMP)" sh bench/run.sh

-include $(wildcard $(BENCH)/obj/*.d)
