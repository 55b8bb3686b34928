/* Arch interface: hypervisor support on this machine.
 *   int arch_hyp_init(void)      — boot hart: probe the H extension's features
 *   void arch_hyp_cpu_init(void) — each hart: trap delegation for guests
 *   void arch_hyp_print_info(void) — for `host info` */
#ifndef ARCH_HYP_H
#define ARCH_HYP_H
int arch_hyp_init(void);
void arch_hyp_cpu_init(void);
void arch_hyp_print_info(void);
#endif
