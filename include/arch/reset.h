/* Arch interface: ending the machine. Any context; never return. */
#ifndef ARCH_RESET_H
#define ARCH_RESET_H
void arch_system_shutdown(void) __attribute__((noreturn));
void arch_system_reboot(void) __attribute__((noreturn));
/* Print firmware and platform facts for `host info`. */
void arch_print_info(void);
#endif
