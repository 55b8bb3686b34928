# Host unit tests (cmocka). Each tests/unit/suites/<area>.mk fragment appends
# suite names to UNIT_SUITES and sets <suite>_SRCS (test file + code under test).
# Core and lib sources compile on the host with the arch interface stubbed by
# tests/unit/stubs (asm/*.h) and the configuration from unit_config.h.

UNIT_SUITES :=
include $(sort $(wildcard tests/unit/suites/*.mk))

UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Itests/unit/stubs -Iinclude -include tests/unit/stubs/unit_config.h \
	-DUNIT_TEST -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
UNIT_BINS := $(addprefix $(BUILD)/unit/,$(UNIT_SUITES))

define unit_rule
$(BUILD)/unit/$(1): $$($(1)_SRCS) $$(wildcard tests/unit/stubs/*.h tests/unit/stubs/*/*.h) | deps
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$@"
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$($(1)_SRCS) -lcmocka
endef
$(foreach s,$(UNIT_SUITES),$(eval $(call unit_rule,$(s))))

unit-test: $(UNIT_BINS)
	@pass=0; fail=0; \
	for t in $(UNIT_BINS); do \
		if $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; \
	echo "unit: $$pass suites passed, $$fail suites failed"; \
	[ $$fail -eq 0 ]
