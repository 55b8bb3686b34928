/* Arch interface: device register access (ordered against memory). */
#ifndef ARCH_IO_H
#define ARCH_IO_H
#include <asm/io.h>
#endif
