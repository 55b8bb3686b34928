# Unit tests of core/symbols.c with a fake symbol table (the test file defines
# the keel_symtab_* symbols); the _empty suite uses the first-pass empty table.
UNIT_SUITES += test_symbols test_symbols_empty
test_symbols_SRCS := tests/unit/test_symbols.c core/symbols.c \
	tests/unit/stubs/unit_stubs.c
test_symbols_CFLAGS := -DUNIT_TEST
test_symbols_empty_SRCS := $(test_symbols_SRCS)
test_symbols_empty_CFLAGS := -DUNIT_TEST -DSYMTAB_EMPTY
