# Unit and property tests: every tests/test_*.c is one program linked with
# the parser, built twice: plainly and under ASan+UBSan.
UNIT_SRC := $(sort $(wildcard tests/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/%.c=$(B)/tests/%)
UNIT_SAN_BIN := $(UNIT_SRC:tests/%.c=$(B)/tests-san/%)
PARSER_SAN_OBJ := $(PARSER_SRC:%.c=$(B)/san/obj/%.o) $(B)/san/obj/gen/constants.o

$(B)/tests/%: tests/%.c tests/test.h $(B)/libsf-parser.a
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

$(B)/tests-san/%: tests/%.c tests/test.h $(B)/san/libsf-parser.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(INCS) -Itests -o $@ $< $(B)/san/libsf-parser.a

-include $(wildcard $(B)/san/obj/*/*.d $(B)/san/obj/*/*/*.d)

test-programs: all $(UNIT_BIN) $(UNIT_SAN_BIN)

check: test-programs
	bash tests/run-all.sh

.PHONY: test-programs

# Programs the bats tests (bats/) run under real filters: glibc and musl,
# dynamic, and static where a test needs it.
PROGS := $(B)/progs
PROG_CFLAGS := $(CFLAGS) -Iinclude
BATS_PROGS := $(addprefix $(PROGS)/,probe probe-static musl/probe nostart musl/nostart \
	ownsyms ctorthread libctorlib.so restrict restrict-static)

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

$(PROGS)/restrict: tests/progs/restrict.c $(B)/libsf.so
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -o $@ $< -L$(B) -lsf -Wl,-rpath,'$$ORIGIN/..'

$(PROGS)/restrict-static: tests/progs/restrict.c $(B)/libsf.a
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -static -o $@ $< $(B)/libsf.a

bats-programs: all $(BATS_PROGS)
test-programs: bats-programs

.PHONY: bats-programs
