obj-y += lib/clz_ctz.o
