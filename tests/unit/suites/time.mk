# Unit tests of core/time.
UNIT_SUITES += test_timer_queue
test_timer_queue_SRCS := tests/unit/test_timer_queue.c core/time/timer_queue.c \
	tests/unit/stubs/unit_stubs.c
