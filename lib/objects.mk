# lib/: freestanding support library (strings, printf, strerror, ring buffer).
obj-y += lib/string.o lib/printf.o lib/strerror.o lib/ringbuf.o
