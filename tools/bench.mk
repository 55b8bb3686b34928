# make bench: the basic guest firmware's microbenchmarks under Keel and bare
# on QEMU + OpenSBI (-icount shift=0 -smp 1), compared with the targets.
# Writes $(BUILD)/bench/{keel,bare,summary}.json; see docs/benchmarks.md.
# Included by the top Makefile: include tools/bench.mk

.PHONY: bench

bench: all disk guest-basic
	$(PYTHON) tools/bench.py --build $(BUILD) --bios $(OPENSBI)
