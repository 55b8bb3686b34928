/* Arch interface: the early console (firmware console before any UART
 * driver binds). arch_early_putc(c): polled, any context. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H
void arch_early_putc(char c);
#endif
