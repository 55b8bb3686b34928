# Memory allocators: buddy page allocator and size-class heap.
obj-y += core/mm/page_alloc.o core/mm/heap.o
