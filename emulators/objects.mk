# emulators: guest devices (each registers itself with EMULATOR()).
obj-y += emulators/pic/plic.o
obj-y += emulators/serial/uart8250.o
obj-y += emulators/misc/vminfo.o
obj-y += emulators/rtc/goldfish_rtc.o
