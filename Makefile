# infralint — GNU make. `make demo` and `make test` install missing Debian packages first.
CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
PKGS := yaml-0.1 jansson libpcre2-8 lua5.4
# PostgreSQL's parser as a library (Debian libpg-query-dev): no pkg-config file, plain -lpg_query
PGQ_LIBS := -lpg_query

WARN := -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -Isrc -MMD -MP

TEST_SLOW := 1
ifeq ($(SANITIZE),1)
BUILD ?= build-asan
TEST_SLOW := 2
PLAIN_ALLOC := 1
override CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=address,undefined
else ifeq ($(SANITIZE),thread)
BUILD ?= build-tsan
TEST_SLOW := 5
PLAIN_ALLOC := 1
override CFLAGS += -O1 -fsanitize=thread -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=thread
else
BUILD ?= build
endif

# malloc and full teardown instead of the jansson arena: for leak checkers
ifeq ($(PLAIN_ALLOC),1)
override CFLAGS += -DINFRALINT_PLAIN_ALLOC
endif

# no PCRE2 JIT: valgrind cannot follow the vector reads of JIT-compiled code (false reports)
ifeq ($(NO_JIT),1)
override CFLAGS += -DINFRALINT_NO_JIT
endif

# evaluated when a recipe runs, i.e. after `deps` installed what was missing
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) $(PGQ_LIBS)

# The binary links libyaml, jansson, PCRE2 and Lua from their archives when they are installed
# (Debian's -dev packages ship them): start-up then maps libc alone instead of five libraries
# (`make bench`: start-up within 1.5x /bin/true). STATIC_DEPS=0 links them as shared libraries;
# the sanitizer builds always do.
STATIC_DEPS ?= $(if $(SANITIZE),0,1)
static_or_shared = $(foreach l,$(1),$(or $(if $(filter -l%,$(l)),$(shell p=$$($(CC) \
	-print-file-name=lib$(patsubst -l%,%,$(l)).a); [ -f "$$p" ] && echo "$$p")),$(l)))
BIN_LIBS = $(if $(filter 1,$(STATIC_DEPS)),$(call static_or_shared,$(PKG_LIBS)) -ldl,$(PKG_LIBS))

SRC := $(wildcard src/*.c) $(wildcard rules/*.c)
LIB_SRC := $(filter-out src/main.c,$(SRC))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN := $(BUILD)/infralint
PGPLAN := $(BUILD)/tests/pgplan

.PHONY: all deps test-deps demo test bench fuzz lint install clean valgrind readme docs

all: $(BIN)

deps:
	@{ pkg-config --exists $(PKGS) 2>/dev/null && echo '#include <pg_query.h>' | $(CC) -E -x c - >/dev/null 2>&1; } \
		|| ./scripts/setup-deps

test-deps: deps
	@./scripts/setup-deps --test

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/libinfralint.a: $(LIB_OBJ)
	@rm -f $@
	@$(AR) rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(BUILD)/libinfralint.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(BIN_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libinfralint.a | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libinfralint.a $(PKG_LIBS) -lm

# the PostgreSQL suite's helper: the migrations and claims it runs (tests/pg/)
$(PGPLAN): tests/pg/pgplan.c $(BUILD)/libinfralint.a | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Irules $(LDFLAGS) -o $@ $< $(BUILD)/libinfralint.a $(PKG_LIBS) -lm

demo: $(BIN)
	@echo "== infralint -p lua-policies/acme testdata/demo"
	@./$(BIN) -p lua-policies/acme testdata/demo; rc=$$?; \
	if [ $$rc -le 1 ]; then echo "(demo ran as designed: exit $$rc means $$( [ $$rc = 1 ] && echo 'findings at or above --fail-on' || echo 'clean'))"; exit 0; \
	else echo "demo failed: exit $$rc" >&2; exit $$rc; fi

test: test-deps $(BIN) $(UNIT_BIN) $(PGPLAN)
	@BUILD=$(BUILD) INFRALINT_TEST_SLOW=$(TEST_SLOW) ./tests/run.sh

valgrind: test-deps
	@$(MAKE) --no-print-directory BUILD=build-valgrind PLAIN_ALLOC=1 NO_JIT=1 build-valgrind/infralint
	@BUILD=build-valgrind VALGRIND=1 ./tests/golden.sh

bench: $(BIN)
	@./bench/run.sh $(BIN)

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), not part of `make test`: clang with libFuzzer,
# ASan and UBSan; each runs FUZZ_TIME seconds on a corpus seeded from testdata's inputs of its
# kind (tests/fuzz/run.sh). Plain malloc: the harnesses do not link main.c's arena.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
              -Wall -Wextra -Werror
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_OBJ := $(LIB_SRC:%.c=build-fuzz/%.o)
.PRECIOUS: build-fuzz/%.o

build-fuzz/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -MMD -MP $(FUZZ_FLAGS) \
		-fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c $< -o $@

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@echo "  LINK    $@"
	@$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Itests/fuzz $(FUZZ_FLAGS) -fsanitize=fuzzer \
		$(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) -lm

-include $(FUZZ_OBJ:.o=.d)

fuzz: $(FUZZ_BIN)
	@./tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_BIN)

lint:
	@clang-format --dry-run --Werror src/*.c src/*.h include/infralint/*.h rules/*.c rules/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c tests/fuzz/*.h tests/pg/*.c

MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/infralint
	install -m 644 man/infralint.1 $(DESTDIR)$(MANDIR)/man1/infralint.1
	install -m 644 completion/infralint.bash $(DESTDIR)$(COMPLETIONDIR)/infralint

clean:
	rm -rf build build-asan build-tsan build-fuzz build-valgrind build-prof

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d

readme: $(BIN) docs
	@python3 -c 'import re,subprocess,sys; t=open("README.md").read(); m=subprocess.check_output(["./$(BIN)","rules","--format","markdown"]).decode(); open("README.md","w").write(re.sub(r"<!-- rules:begin -->\n.*?<!-- rules:end -->", lambda _: "<!-- rules:begin -->\n"+m+"<!-- rules:end -->", t, flags=re.S))'
	@echo "README.md rule list updated"

# docs/rules.md: every rule, from the rule table and the golden cases (also done by `make readme`)
docs: $(BIN)
	@./scripts/gen-rules-doc ./$(BIN) > docs/rules.md.tmp && mv docs/rules.md.tmp docs/rules.md
	@echo "docs/rules.md updated"
