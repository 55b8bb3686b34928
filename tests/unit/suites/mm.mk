# Unit tests of core/mm: the buddy page allocator and the size-class heap.
UNIT_SUITES += test_page_alloc test_heap
test_page_alloc_SRCS := tests/unit/test_page_alloc.c core/mm/page_alloc.c \
	tests/unit/stubs/unit_stubs.c tests/unit/stubs/printk_stub.c
test_heap_SRCS := tests/unit/test_heap.c tests/unit/stubs/host_zone.c core/mm/heap.c core/mm/page_alloc.c \
	tests/unit/stubs/unit_stubs.c tests/unit/stubs/printk_stub.c
